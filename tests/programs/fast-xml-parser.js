// fast-xml-parser: parse an XML document (attributes, namespaces, CDATA,
// entities, repeated elements) into objects, build XML back, validate bad
// documents.
import { XMLParser, XMLBuilder, XMLValidator } from 'fast-xml-parser';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a catalog -->
<catalog xmlns:dc="http://purl.org/dc/elements/1.1/" updated="2024-02-29">
  <book id="bk101" available="true">
    <dc:author>Gambardella, Matthew</dc:author>
    <title lang="en">XML Developer&apos;s Guide</title>
    <genre>Computer</genre>
    <price currency="USD">44.95</price>
    <publish_date>2000-10-01</publish_date>
    <description><![CDATA[An in-depth look at <XML> & friends.]]></description>
  </book>
  <book id="bk102">
    <dc:author>Ralls, Kim</dc:author>
    <title lang="fr">Midnight &amp; Rain</title>
    <genre>Fantasy</genre>
    <price currency="EUR">5.95</price>
    <publish_date>2000-12-16</publish_date>
    <description>A former architect battles corporate zombies &lt;sic&gt;.</description>
    <tags><tag>dark</tag><tag>city</tag></tags>
  </book>
  <empty/>
  <mixed>text <b>bold</b> more text</mixed>
  <numbers hex="0x1F" leading="007" exp="1e3" neg="-2.50"/>
</catalog>`;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: true, allowBooleanAttributes: true, cdataPropName: '#cdata', commentPropName: '#comment', isArray: (name) => name === 'tag' });
const doc = parser.parse(xml);
console.log(JSON.stringify(doc, null, 1));

const plain = new XMLParser().parse(xml);
console.log(`plain: ${JSON.stringify(plain.catalog.book.map((b) => [b.title, b.price, typeof b.price]))} ${JSON.stringify(plain.catalog.numbers)}`);
const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse('<r><a x="1">1</a><b/><a>2</a>tail</r>');
console.log(`preserveOrder: ${JSON.stringify(ordered)}`);
const ns = new XMLParser({ removeNSPrefix: true, trimValues: false }).parse('<x:root xmlns:x="u"><x:v> spaced </x:v></x:root>');
console.log(`removeNSPrefix: ${JSON.stringify(ns)}`);

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true, cdataPropName: '#cdata' });
console.log(builder.build({ order: { '@_id': 7, '@_rush': true, item: [{ '@_sku': 'A1', '#text': 'Widget & co' }, { '@_sku': 'B2', qty: 3 }], note: { '#cdata': 'raw <stuff>' }, nothing: '' } }).trimEnd());
console.log(new XMLBuilder({ preserveOrder: true }).build(new XMLParser({ preserveOrder: true }).parse('<r><a>1</a><b>2</b><a>3</a></r>')));

for (const bad of ['<a><b></a>', '<a attr=unquoted/>', '<a>ok</a><b/>', '<?xml version="1.0"?><root/>', '<a>&unknown;</a>']) {
  const r = XMLValidator.validate(bad);
  console.log(`validate ${bad}: ${r === true ? 'valid' : `${r.err.code} line ${r.err.line} col ${r.err.col}`}`);
}
