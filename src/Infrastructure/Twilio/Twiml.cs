using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MemoryAssistant.Infrastructure.Twilio;

/// <summary>Builds TwiML replies for the messaging webhook.</summary>
public static class Twiml
{
    /// <summary>Never reply text/plain: Twilio would forward the raw text to the user.</summary>
    public const string ContentType = "text/xml";

    // Written by hand: XDocument/XmlWriter over a string would declare utf-16.
    private const string Declaration = """<?xml version="1.0" encoding="UTF-8"?>""";

    // Entitize keeps a user's \r as &#xD;; written raw, XML parsers would fold CRLF into LF.
    private static readonly XmlWriterSettings _writerSettings = new()
    {
        OmitXmlDeclaration = true,
        NewLineHandling = NewLineHandling.Entitize,
    };

    /// <summary>A response that sends nothing back.</summary>
    public static string Empty() => Render([]);

    /// <summary>One message, with one <c>&lt;Media&gt;</c> per URL.</summary>
    public static string Message(string body, IEnumerable<string>? mediaUrls = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Render([BuildMessage(body, mediaUrls ?? [])]);
    }

    /// <summary>Several messages; WhatsApp keeps only one media per message, hence one URL each.</summary>
    public static string Messages(IEnumerable<(string Body, string? MediaUrl)> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Render(messages
            .Select(m => BuildMessage(m.Body ?? string.Empty, m.MediaUrl is null ? [] : [m.MediaUrl]))
            .ToList());
    }

    private static XElement BuildMessage(string body, IEnumerable<string> mediaUrls)
    {
        var media = mediaUrls.Select(url => new XElement("Media", StripInvalidXmlChars(url))).ToList();
        var message = new XElement("Message");

        // A media-only message needs no Body; otherwise always emit one so the Message is never empty.
        if (body.Length > 0 || media.Count == 0)
        {
            message.Add(new XElement("Body", StripInvalidXmlChars(body)));
        }

        message.Add(media);
        return message;
    }

    private static string Render(IReadOnlyCollection<XElement> messages)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = XmlWriter.Create(text, _writerSettings))
        {
            new XElement("Response", messages).WriteTo(writer);
        }

        return Declaration + text;
    }

    // Bodies come from users; a control character or lone surrogate would make the writer throw.
    private static string StripInvalidXmlChars(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
        }

        return builder.Length == text.Length ? text : builder.ToString();
    }
}
