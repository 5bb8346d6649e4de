using System.Text;
using MemoryAssistant.Infrastructure.Media;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Media;

public sealed class ContentSnifferTests
{
    // Leading bytes of real files made with ImageMagick and ffmpeg (see TwilioMediaDownloaderTests), padded with zeros.
    [Theory]
    [InlineData("ffd8ffe000104a464946000101000001", "image/jpeg")]
    [InlineData("89504e470d0a1a0a0000000d49484452", "image/png")]
    [InlineData("474946383961010001000000000000", "image/gif")]
    [InlineData("474946383761010001000000000000", "image/gif")]
    [InlineData("524946463800000057454250565038", "image/webp")]
    [InlineData("4f67675300020000000000000000", "audio/ogg")]
    [InlineData("1a45dfa39f4286810142f7810142", "audio/webm")]
    [InlineData("2321414d520a3c", "audio/amr")]
    [InlineData("2321414d522d57420a", "audio/amr")]
    [InlineData("49443304000000000023545353450000", "audio/mpeg")]
    [InlineData("fffb50c400000a2c432e559480018115", "audio/mpeg")]
    [InlineData("fff15040213ffcde02004c6176633539", "audio/aac")]
    [InlineData("524946468606000057415645666d7420", "audio/wav")]
    [InlineData("000000206674797069736f6d00000200", "video/mp4")]
    [InlineData("0000001c667479706d70343200000000", "video/mp4")]
    [InlineData("0000001c667479703367703400000200", "video/3gpp")]
    [InlineData("0000001c667479704d34412000000200", "audio/mp4")]
    [InlineData("255044462d312e370a", "application/pdf")]
    public void Sniff_WhenTheBytesStartWithAKnownSignature_ThenReturnsItsType(string hex, string expected) =>
        ContentSniffer.Sniff(Padded(Convert.FromHexString(hex))).Should().Be(expected);

    [Theory]
    [InlineData("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")]
    [InlineData("\uFEFF\r\nbegin:vcard\nVERSION:4.0\nEND:VCARD")]
    public void Sniff_WhenTheTextIsAVCard_ThenTextVCard(string text) =>
        ContentSniffer.Sniff(Encoding.UTF8.GetBytes(text)).Should().Be("text/vcard");

    [Theory]
    [InlineData("")]
    [InlineData("ff")]
    [InlineData("ffd8")]
    [InlineData("3c21444f43545950452068746d6c3e")] // <!DOCTYPE html>
    [InlineData("7b226572726f72223a317d")] // {"error":1}
    [InlineData("504b0304140006000800")] // ZIP (Office documents are not accepted)
    [InlineData("52494646240000004156492020")] // RIFF AVI
    [InlineData("00000018667479706865696300000000")] // ftyp heic: a still image, not a video
    [InlineData("fffe00000000000000")] // MPEG sync with an invalid layer/bitrate
    [InlineData("00000000000000000000000000000000")]
    public void Sniff_WhenTheBytesAreNotASupportedMediaFormat_ThenNull(string hex) =>
        ContentSniffer.Sniff(Convert.FromHexString(hex)).Should().BeNull();

    [Theory]
    [InlineData("image/jpeg", "image/jpeg")]
    [InlineData("IMAGE/JPEG", "image/jpeg")]
    [InlineData("image/jpg", "image/jpeg")]
    [InlineData("audio/ogg; codecs=opus", "audio/ogg")]
    [InlineData(" Audio/OGG ;codecs=opus", "audio/ogg")]
    [InlineData("audio/mp3", "audio/mpeg")]
    [InlineData("audio/x-wav", "audio/wav")]
    [InlineData("text/x-vcard", "text/vcard")]
    [InlineData("audio/mp4", "video/mp4")]
    [InlineData("video/3gpp", "audio/mp4")]
    [InlineData("audio/aac", "audio/mp4")]
    [InlineData("application/octet-stream", "image/png")]
    [InlineData(null, "image/png")]
    [InlineData("  ", "audio/ogg")]
    public void IsCompatible_WhenTheDeclaredTypeNamesTheSameFormat_ThenTrue(string? declared, string sniffed) =>
        ContentSniffer.IsCompatible(declared, sniffed).Should().BeTrue();

    [Theory]
    [InlineData("image/jpeg", "image/png")]
    [InlineData("image/jpeg", "audio/ogg")]
    [InlineData("audio/ogg", "video/mp4")]
    [InlineData("application/pdf", "text/vcard")]
    [InlineData("text/html", "image/jpeg")]
    [InlineData("video/mp4", "audio/aac")]
    public void IsCompatible_WhenTheDeclaredTypeIsAnotherFormat_ThenFalse(string declared, string sniffed) =>
        ContentSniffer.IsCompatible(declared, sniffed).Should().BeFalse();

    [Theory]
    [InlineData("Image/JPEG; charset=binary", "image/jpeg")]
    [InlineData("audio/ogg", "audio/ogg")]
    [InlineData(";x", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void MediaTypeOf_WhenGivenAContentType_ThenThePartBeforeTheSemicolonLowercased(string? contentType, string? expected) =>
        ContentSniffer.MediaTypeOf(contentType).Should().Be(expected);

    [Theory]
    [InlineData("  <!doctype html><html>", "HTML")]
    [InlineData("<?xml version=\"1.0\"?><Error/>", "XML")]
    [InlineData("{\"code\":20404}", "JSON")]
    [InlineData("hello", "unrecognised (starting 68656C6C6F)")]
    public void DescribeUnknown_WhenTheBytesAreCommonNonMedia_ThenNamesThem(string text, string expected) =>
        ContentSniffer.DescribeUnknown(Encoding.UTF8.GetBytes(text)).Should().Be(expected);

    private static byte[] Padded(byte[] header)
    {
        var bytes = new byte[ContentSniffer.HeaderLength];
        header.CopyTo(bytes, 0);
        return bytes;
    }
}
