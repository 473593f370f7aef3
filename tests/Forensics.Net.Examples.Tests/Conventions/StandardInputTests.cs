using System.Text;
using EncodingSniff;
using FileHash;
using FileTypeCheck;
using Forensics.Net.Examples.Tests.Support;

namespace Forensics.Net.Examples.Tests.Conventions;

/// <summary>`-` reads standard input, and the terse modes of file(1) and uchardet.</summary>
public sealed class StandardInputTests
{
    private static (int Exit, string Out, string Err) Run(Func<string[], TextWriter, TextWriter, Stream?, int> app, byte[] stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin);
        return AppRunner.Run((a, o, e) => app(a, o, e, input), args);
    }

    [Fact]
    public void FileHash_Dash_HashesStdin_LikeSha256sum()
    {
        var (exit, stdout, stderr) = Run(FileHashApp.Run, "hello\n"u8.ToArray(), "-");

        exit.Should().Be(0, stderr);
        stdout.Should().Be("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\n");
    }

    [Fact]
    public void FileTypeCheck_Dash_BriefMimeType_LikeFile()
    {
        byte[] png = File.ReadAllBytes(TestData.Path("Encoding/Binary/img.png"));

        Run(FileTypeCheckApp.Run, png, "-b", "--mime-type", "-").Out.Should().Be("image/png\n");
        Run(FileTypeCheckApp.Run, png, "--mime-type", "-").Out.Should().Be("-: image/png\n");
        AppRunner.Run(FileTypeCheckApp.Run, ["-b", "--mime-type", TestData.Path("Encoding/Binary/img.png")]).Out.Should().Be("image/png\n");
    }

    [Fact]
    public void EncodingSniff_Dash_Brief_PrintsTheBareName_LikeUchardet()
    {
        byte[] koi8 = File.ReadAllBytes(TestData.Path("Encoding/Legacy/koi8-r_ru_short.txt"));

        Run(SniffApp.Run, koi8, "-b", "-").Out.Should().Be("KOI8-R\n");
        Run(SniffApp.Run, Encoding.UTF8.GetBytes("Good morning\n"), "-").Out.Should().StartWith("-: ");
    }
}
