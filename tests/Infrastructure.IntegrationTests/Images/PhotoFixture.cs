using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Images;

/// <summary>
/// Real photos made once per test run with ImageMagick and exiftool: a shopping list on a sky gradient with EXIF
/// time and GPS, its recompressed, resized, PNG and forwarded copies, a sideways copy with an orientation tag, and
/// pictures that are really different (another text, shapes, a fractal landscape).
/// </summary>
public sealed class PhotoFixture : IAsyncLifetime
{
    public const string ShoppingList = "MILK EGGS BREAD";

    public string Directory { get; } = TestDatabase.CreateTempDirectory();

    /// <summary>800×600 JPEG, EXIF DateTimeOriginal 2026:11:16 09:12:00, GPS 38.7223 N 9.1393 W, no offset.</summary>
    public string Photo => PathOf("photo.jpg");

    /// <summary><see cref="Photo"/> with OffsetTimeOriginal +01:00 added.</summary>
    public string PhotoWithOffset => PathOf("photo-offset.jpg");

    public string PhotoQuality40 => PathOf("photo-q40.jpg");

    public string PhotoHalfSize => PathOf("photo-half.jpg");

    public string PhotoAsPng => PathOf("photo.png");

    /// <summary>What WhatsApp does to a forwarded photo: metadata stripped, recompressed at quality 60.</summary>
    public string PhotoForwarded => PathOf("photo-forwarded.jpg");

    /// <summary>The photo stored rotated a quarter turn with EXIF Orientation 6, as phones store portrait shots.</summary>
    public string PhotoSideways => PathOf("photo-sideways.jpg");

    /// <summary>The same sky gradient and font with another text: same layout, different picture.</summary>
    public string OtherNote => PathOf("dentist.jpg");

    /// <summary>Grey text on a grey gradient, 640×480: tesseract alone reads nothing in it (one global threshold).</summary>
    public string LowContrastNote => PathOf("low-contrast.jpg");

    /// <summary>A red disc and a blue rectangle on white, no EXIF, no text.</summary>
    public string Shapes => PathOf("shapes.jpg");

    /// <summary>A green triangle on white.</summary>
    public string Triangle => PathOf("triangle.jpg");

    /// <summary>A fractal landscape: photo-like texture at every scale.</summary>
    public string Landscape => PathOf("landscape.jpg");

    public string LandscapeQuality40 => PathOf("landscape-q40.jpg");

    public string LandscapeHalfSize => PathOf("landscape-half.jpg");

    public string LandscapeAsPng => PathOf("landscape.png");

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public async Task InitializeAsync()
    {
        await ImageTools.RequireAllAsync();
        var font = await ImageTools.FontAsync();

        // Few processes, each writing several files (-write inside parentheses): starting the tools is most of the cost.
        await Task.WhenAll(MakeShoppingListAsync(font), MakeOtherPicturesAsync(font));
    }

    public Task DisposeAsync()
    {
        TestDatabase.DeleteDirectory(Directory);
        return Task.CompletedTask;
    }

    private async Task MakeShoppingListAsync(string font)
    {
        await ImageTools.ConvertAsync("-size", "800x600", "gradient:skyblue-white", "-font", font, "-fill", "black",
            "-pointsize", "48", "-annotate", "+50+300", ShoppingList, Photo);
        await ImageTools.ExifToolAsync("-overwrite_original", "-DateTimeOriginal=2026:11:16 09:12:00",
            "-GPSLatitude=38.7223", "-GPSLatitudeRef=N", "-GPSLongitude=9.1393", "-GPSLongitudeRef=W", Photo);

        // The sideways copy is stored rotated a quarter turn anticlockwise, then tagged "rotate 90° clockwise to
        // display". Writes that set a quality come last: -quality stays set for every later write.
        await ImageTools.ConvertAsync(Photo,
            "(", "+clone", "-rotate", "-90", "-write", PhotoSideways, "+delete", ")",
            "(", "+clone", "-resize", "50%", "-write", PhotoHalfSize, "+delete", ")",
            "(", "+clone", "-write", PhotoAsPng, "+delete", ")",
            "-quality", "60", "(", "+clone", "-strip", "-write", PhotoForwarded, "+delete", ")",
            "-quality", "40", PhotoQuality40);
        await ImageTools.ExifToolAsync(
            "-OffsetTimeOriginal=+01:00", "-o", PhotoWithOffset, Photo,
            "-execute", "-overwrite_original", "-Orientation#=6", PhotoSideways);
    }

    private async Task MakeOtherPicturesAsync(string font)
    {
        await ImageTools.ConvertAsync(
            "(", "-size", "800x600", "gradient:skyblue-white", "-font", font, "-fill", "black",
            "-pointsize", "48", "-annotate", "+50+300", "CALL DENTIST MONDAY", "-write", OtherNote, "+delete", ")",
            "(", "-size", "640x480", "gradient:gray60-gray80", "-font", font, "-fill", "gray40",
            "-pointsize", "24", "-annotate", "+20+240", "Parking level 3 spot 42", "-write", LowContrastNote, "+delete", ")",
            "(", "-size", "800x600", "xc:white", "-fill", "red", "-draw", "circle 200,300 200,150",
            "-fill", "blue", "-draw", "rectangle 450,150 700,450", "-write", Shapes, "+delete", ")",
            "(", "-size", "800x600", "xc:white", "-fill", "green", "-draw", "polygon 100,500 400,100 700,500", "-write", Triangle, "+delete", ")",
            "-seed", "7", "-size", "800x600", "plasma:fractal", "-blur", "0x3", Landscape);
        await ImageTools.ConvertAsync(Landscape,
            "(", "+clone", "-resize", "50%", "-write", LandscapeHalfSize, "+delete", ")",
            "(", "+clone", "-write", LandscapeAsPng, "+delete", ")",
            "-quality", "40", LandscapeQuality40);
    }
}

[CollectionDefinition(Name)]
public sealed class PhotoFixtureDefinition : ICollectionFixture<PhotoFixture>
{
    public const string Name = "Photos made with ImageMagick";
}
