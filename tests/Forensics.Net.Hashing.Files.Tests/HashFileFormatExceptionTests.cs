namespace Forensics.Net.Hashing.Files.Tests;

public class HashFileFormatExceptionTests
{
    [Fact]
    public void Constructor_WithOffset_CarriesOffsetAndNamesItInMessage()
    {
        var ex = new HashFileFormatException("bad length", 4096);

        ex.Offset.Should().Be(4096);
        ex.Message.Should().Contain("bad length").And.Contain("4096");
    }

    [Fact]
    public void Constructor_WithoutOffset_ReportsUnknownOffset()
    {
        var ex = new HashFileFormatException("bad");

        ex.Offset.Should().Be(-1);
        ex.Message.Should().Be("bad");
    }

    [Fact]
    public void IsIOException_SoPerFileIOHandlersCatchIt()
    {
        var inner = new IOException("disk");
        var ex = new HashFileFormatException("bad", 12, inner);

        ex.Should().BeAssignableTo<IOException>();
        ex.InnerException.Should().BeSameAs(inner);
    }
}
