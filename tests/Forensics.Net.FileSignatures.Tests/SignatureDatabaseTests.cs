namespace Forensics.Net.FileSignatures.Tests;

public class SignatureDatabaseTests
{
    [Fact]
    public void Table_HasAtLeast400FormatsWithUniqueIdsAndMimes()
    {
        var all = FileType.All;

        all.Count.Should().BeGreaterThanOrEqualTo(400);
        all.Select(t => t.Id).Should().OnlyHaveUniqueItems();
        all.Should().OnlyContain(t => t.MimeType.Contains('/') && t.Name.Length > 0);
        all.Should().OnlyContain(t => t.ParentId == null || t.Parent != null);
    }

    [Fact]
    public void Table_RulesParse_AndAreIndexed()
    {
        var db = Internal.SignatureDatabase.Instance;

        db.Rules.Count.Should().BeGreaterThan(450);
        db.ByFirstByte.Sum(b => b.Length).Should().BeGreaterThan(db.General.Length, "most rules start at offset 0 and are indexed by first byte");
    }

    [Fact]
    public void Parser_RejectsMalformedLines()
    {
        var bad = "x\t-\timage\timage/x\tx\t-\t50\tX\t0:ABC\n";

        var act = () => Internal.SignatureDatabase.Parse(new StringReader(bad));

        act.Should().Throw<FormatException>().WithMessage("*odd hex*");
    }

    [Theory]
    [InlineData("jpg", "jpeg")]
    [InlineData(".DOCX", "docx")]
    [InlineData("so", "elf")]
    public void FromExtension_FindsFormats(string ext, string id)
    {
        FileType.FromExtension(ext).Should().Contain(t => t.Id == id);
    }

    [Fact]
    public void Find_IsCaseInsensitive_AndIsAFollowsParents()
    {
        var docx = FileType.Find("DOCX")!;

        docx.IsA(FileType.Find("zip")!).Should().BeTrue();
        FileType.Find("zip")!.IsA(docx).Should().BeFalse();
        FileType.Find("nope").Should().BeNull();
        FileType.Unknown.IsUnknown.Should().BeTrue();
    }
}
