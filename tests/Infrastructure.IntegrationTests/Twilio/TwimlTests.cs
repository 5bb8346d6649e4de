using System.Xml.Linq;
using MemoryAssistant.Infrastructure.Twilio;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Twilio;

public sealed class TwimlTests
{
    private const string Declaration = """<?xml version="1.0" encoding="UTF-8"?>""";

    [Fact]
    public void ContentType_WhenRead_ThenTextXml() =>
        Twiml.ContentType.Should().Be("text/xml");

    [Fact]
    public void Empty_WhenCalled_ThenUtf8DeclarationAndEmptyResponse()
    {
        var xml = Twiml.Empty();

        xml.Should().Be(Declaration + "<Response />");
        var doc = XDocument.Parse(xml);
        doc.Declaration!.Encoding.Should().Be("UTF-8");
        doc.Root!.Name.LocalName.Should().Be("Response");
        doc.Root.HasElements.Should().BeFalse();
    }

    [Fact]
    public void Message_WhenPlainBody_ThenExactTwiml() =>
        Twiml.Message("Saved!").Should().Be(Declaration + "<Response><Message><Body>Saved!</Body></Message></Response>");

    [Fact]
    public void Message_WhenBodyHasXmlSpecialChars_ThenEscapedAndRoundTrips()
    {
        const string body = """a < b && c > d "quoted" 'single' </Body><Media>x</Media>""";

        var xml = Twiml.Message(body);

        xml.Should().Contain("a &lt; b &amp;&amp; c &gt; d").And.NotContain("<Media>");
        BodiesOf(xml).Should().Equal(body);
    }

    [Theory]
    [InlineData("Remember 🎂 for mum 👩‍👧 tomorrow")]
    [InlineData("תזכיר לי לקנות חלב")]
    [InlineData("ذكرني بشراء الحليب")]
    [InlineData("mixed עברית and English 🚀")]
    public void Message_WhenEmojiOrRtlText_ThenRoundTrips(string body) =>
        BodiesOf(Twiml.Message(body)).Should().Equal(body);

    [Fact]
    public void Message_WhenControlCharsAndLoneSurrogates_ThenStrippedNotThrown()
    {
        const string body = "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uD800h\uDC00i\uFFFE";

        var xml = Twiml.Message(body);

        BodiesOf(xml).Should().Equal("abcdefghi");
    }

    [Fact]
    public void Message_WhenTabNewlineCarriageReturn_ThenKept() =>
        BodiesOf(Twiml.Message("line1\nline2\tx\r\nend")).Should().Equal("line1\nline2\tx\r\nend");

    [Fact]
    public void Message_WhenMediaUrls_ThenOneMediaElementEach()
    {
        var xml = Twiml.Message("pic", ["https://example.com/a.jpg?x=1&y=2", "https://example.com/b.png"]);

        var message = XDocument.Parse(xml).Root!.Element("Message")!;
        message.Element("Body")!.Value.Should().Be("pic");
        message.Elements("Media").Select(m => m.Value).Should()
            .Equal("https://example.com/a.jpg?x=1&y=2", "https://example.com/b.png");
    }

    [Fact]
    public void Message_WhenEmptyBodyWithMedia_ThenNoBodyElement()
    {
        var xml = Twiml.Message(string.Empty, ["https://example.com/a.jpg"]);

        var message = XDocument.Parse(xml).Root!.Element("Message")!;
        message.Element("Body").Should().BeNull();
        message.Element("Media")!.Value.Should().Be("https://example.com/a.jpg");
    }

    [Fact]
    public void Messages_WhenSeveral_ThenOneMessageElementEachInOrder()
    {
        var xml = Twiml.Messages([("first", null), ("second & more", "https://example.com/s.jpg"), ("third", null)]);

        var messages = XDocument.Parse(xml).Root!.Elements("Message").ToList();
        messages.Select(m => m.Element("Body")!.Value).Should().Equal("first", "second & more", "third");
        messages.Select(m => m.Elements("Media").Count()).Should().Equal(0, 1, 0);
        messages[1].Element("Media")!.Value.Should().Be("https://example.com/s.jpg");
    }

    [Fact]
    public void Messages_WhenNone_ThenEmptyResponse() =>
        XDocument.Parse(Twiml.Messages([])).Root!.HasElements.Should().BeFalse();

    private static IEnumerable<string> BodiesOf(string xml) =>
        XDocument.Parse(xml).Root!.Elements("Message").Select(m => m.Element("Body")!.Value);
}
