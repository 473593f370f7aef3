namespace Forensics.Net.EncodingDetection.Tests;

/// <summary>Paths of the fixtures under TestData/ (see TestData/README.md).</summary>
internal static class TestFiles
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(Path(relative));

    /// <summary>Finds the repository root (the folder holding samples/) above the test output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "samples", "evidence")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("samples/evidence was not found above " + AppContext.BaseDirectory);
    }
}
