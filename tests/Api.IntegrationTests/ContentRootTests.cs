using MemoryAssistant.Api;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>A deployment started from another folder still reads its own appsettings.json.</summary>
public sealed class ContentRootTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ma-content-root-cwd-").FullName;
    private readonly string _applicationDirectory = Directory.CreateTempSubdirectory("ma-content-root-app-").FullName;

    public ContentRootTests() => File.WriteAllText(Path.Combine(_applicationDirectory, ContentRoot.SettingsFile), "{}");

    [Fact]
    public void StartedFromAFolderWithoutSettings_UsesTheApplicationsFolder() =>
        ContentRoot.Choose([], _workingDirectory, _applicationDirectory).Should().Be(_applicationDirectory);

    [Fact]
    public void StartedWhereSettingsAre_KeepsTheWorkingDirectory()
    {
        File.WriteAllText(Path.Combine(_workingDirectory, ContentRoot.SettingsFile), "{}");

        ContentRoot.Choose([], _workingDirectory, _applicationDirectory).Should().BeNull("`dotnet run` in the project folder reads the project's settings");
    }

    [Fact]
    public void AGivenContentRoot_IsKept() =>
        ContentRoot.Choose(["--contentRoot=/srv/app"], _workingDirectory, _applicationDirectory).Should().BeNull();

    [Fact]
    public void AnApplicationFolderWithoutSettings_ChangesNothing()
    {
        File.Delete(Path.Combine(_applicationDirectory, ContentRoot.SettingsFile));

        ContentRoot.Choose([], _workingDirectory, _applicationDirectory).Should().BeNull();
    }

    public void Dispose()
    {
        Directory.Delete(_workingDirectory, recursive: true);
        Directory.Delete(_applicationDirectory, recursive: true);
    }
}
