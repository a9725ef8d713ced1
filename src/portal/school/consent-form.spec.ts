import { paragraphsOf } from './consent-form.routes';

describe('a consent text on the printed form', () => {
  it.each([
    ['Title\n\nOne.\n\nTwo.', { title: 'Title', paragraphs: ['One.', 'Two.'] }],
    ['  Title  \n \n One.\r\n\r\nTwo.\n\n\n', { title: 'Title', paragraphs: ['One.', 'Two.'] }],
    ['Only a title', { title: 'Only a title', paragraphs: [] }],
    ['', { title: '', paragraphs: [] }],
  ])('%j is a heading and paragraphs', (text, expected) => {
    expect(paragraphsOf(text)).toEqual(expected);
  });
});
