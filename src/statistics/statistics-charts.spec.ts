import { SaxesParser } from 'saxes';
import { renderChart, valuesInWords } from './statistics-charts';
import { ReportTable } from './statistics-report';

/** Every element's name and every text node of an SVG, parsed as strict XML. */
function parseSvg(svg: string) {
  const parser = new SaxesParser();
  const elements: { name: string; attributes: Record<string, string> }[] = [];
  const texts: string[] = [];
  parser.on('opentag', (tag) => elements.push({ name: tag.name, attributes: tag.attributes }));
  parser.on('text', (text) => text.trim() && texts.push(text.trim()));
  parser.on('cdata', () => undefined);
  parser.write(svg).close();
  return { elements, texts };
}

const table = (chart: ReportTable['chart'], rows: ReportTable['rows']): ReportTable => ({
  id: 'travellersByKind',
  title: '出行人员：学生与带队人员',
  columns: ['项目', '出行人数', '其他'],
  rows,
  chart,
});

describe('charts drawn by ECharts on the server', () => {
  it.each([
    [
      'bar',
      table({ type: 'bar' }, [
        ['学生', 137],
        ['带队教师', 12],
        ['带队志愿者', 4],
      ]),
    ],
    [
      'pie',
      table({ type: 'pie' }, [
        ['中国', 91],
        ['俄罗斯', 62],
      ]),
    ],
    [
      'horizontal bar',
      table({ type: 'horizontalBar' }, [
        ['黑河市第一中学', 48],
        ['№ 5 школа', 29],
      ]),
    ],
    [
      'line of two series',
      table({ type: 'line', series: [1, 2] }, [
        ['2024', 40, 7],
        ['2025', 58, 9],
      ]),
    ],
    [
      'bar of two series',
      table({ type: 'bar', series: [1, 2] }, [
        ['A', 3, 5],
        ['B', 8, 13],
      ]),
    ],
  ])('a %s chart is valid SVG that holds its numbers, titled and described', async (_name, t) => {
    const description = `${t.title}: ${valuesInWords(t)}`;
    const svg = await renderChart(t, description);
    const { elements, texts } = parseSvg(svg);
    expect(elements[0].name).toBe('svg');
    expect(elements[0].attributes.role).toBe('img');
    expect(elements[0].attributes['aria-labelledby']).toBe(
      'chart-travellersByKind-title chart-travellersByKind-desc',
    );
    expect(elements[1]).toMatchObject({
      name: 'title',
      attributes: { id: 'chart-travellersByKind-title' },
    });
    expect(elements[2]).toMatchObject({
      name: 'desc',
      attributes: { id: 'chart-travellersByKind-desc' },
    });
    expect(texts[0]).toBe(t.title);
    expect(texts[1]).toBe(description);
    // No script can ride in a chart.
    expect(elements.some((e) => e.name === 'script' || e.name === 'foreignObject')).toBe(false);
    // The drawn labels, apart from the title and description that hold the numbers anyway.
    const drawn = texts.slice(2);
    for (const row of t.rows) {
      expect(drawn).toContainEqual(expect.stringContaining(String(row[0])));
      for (const column of t.chart!.series ?? [1]) {
        const label = drawn.filter((x) => x.includes(String(row[column])));
        expect(label.length).toBeGreaterThan(0);
      }
    }
  });

  it('draws a pie of zeros as empty bars, never as equal slices', async () => {
    const sectors = (svg: string) => (svg.match(/ecmeta_ssr_type="chart"/g) ?? []).length;
    const svg = await renderChart(
      table({ type: 'pie' }, [
        ['中国', 0],
        ['俄罗斯', 0],
      ]),
      'd',
    );
    const { texts } = parseSvg(svg);
    // A category axis with both names, and a value axis from 0: no slice of a pie.
    expect(texts).toEqual(expect.arrayContaining(['中国', '俄罗斯', '0']));
    expect(svg).not.toMatch(/中国: 0/);
    expect(
      sectors(
        await renderChart(
          table({ type: 'pie' }, [
            ['中国', 3],
            ['俄罗斯', 1],
          ]),
          'd',
        ),
      ),
    ).toBe(2);
  });

  it('describes the values in words for screen readers', () => {
    expect(
      valuesInWords(
        table({ type: 'bar' }, [
          ['学生', 3],
          ['带队教师', null],
        ]),
      ),
    ).toBe('学生 3; 带队教师 —');
    expect(valuesInWords(table({ type: 'bar', series: [1, 2] }, [['2025', 1, 2]]))).toBe(
      '2025 (出行人数 1, 其他 2)',
    );
  });

  it('escapes what a name may hold', async () => {
    const svg = await renderChart(
      table({ type: 'horizontalBar' }, [['<script>alert(1)</script> & "school"', 5]]),
      'desc <b>',
    );
    expect(svg).not.toContain('<script>');
    expect(() => parseSvg(svg)).not.toThrow();
  });
});
