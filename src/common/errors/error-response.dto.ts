import { ApiProperty } from '@nestjs/swagger';

export class FieldErrorDto {
  /** Path of the field at fault, nested with dots: `guardian.phone`. */
  @ApiProperty({ example: 'email' })
  field: string;
  /** Stable machine code: REQUIRED, UNKNOWN_FIELD, IS_EMAIL, MIN_LENGTH, … */
  @ApiProperty({ example: 'IS_EMAIL' })
  code: string;
  /** Text in the response language. */
  @ApiProperty({ example: '必须是有效的电子邮件地址' })
  message: string;
}

/** Every error response has this shape, in the language of the response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;
  /** Stable UPPER_SNAKE machine code. */
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;
  @ApiProperty({ example: '请求数据无效' })
  message: string;
  @ApiProperty({ type: [FieldErrorDto], required: false })
  errors?: FieldErrorDto[];
  /** Also in the `x-request-id` header; quote it when reporting a problem. */
  @ApiProperty({ example: '3f1c…' })
  requestId: string;
}
