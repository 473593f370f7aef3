using System.Buffers.Binary;
using System.Text;

namespace Forensics.Net.FileSignatures.Internal;

/// <summary>
/// Decides what a ZIP holds from its central directory, read from the end (APPNOTE.TXT 6.3.10 sections 4.3.12-4.3.16,
/// ZIP64 4.3.14-4.3.15), so OOXML is recognised whatever the entry order; falls back to walking local headers when
/// the directory is unavailable (truncated or non-seekable input). Nothing is ever decompressed.
/// </summary>
internal static class ZipInspector
{
    private const uint LocalSig = 0x04034b50;
    private const uint CentralSig = 0x02014b50;
    private const uint EocdSig = 0x06054b50;
    private const uint Zip64LocatorSig = 0x07064b50;
    private const uint Zip64EocdSig = 0x06064b50;

    /// <summary>Finds the end-of-central-directory record in the last bytes, returning its offset or -1.</summary>
    public static long FindEocd(ref DataView v, bool request, int maxBack)
    {
        if (v.Length < 22)
        {
            return -1;
        }

        int window = (int)Math.Min(v.Length, maxBack);
        long start = v.Length - window;
        ReadOnlySpan<byte> tail;
        bool ok = request ? v.TryRead(start, window, out tail) : v.TryPeek(start, window, out tail);
        if (!ok)
        {
            return -1;
        }

        for (int i = window - 22; i >= 0; i--)
        {
            if (tail[i] == 0x50 && tail[i + 1] == 0x4b && tail[i + 2] == 5 && tail[i + 3] == 6)
            {
                int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + 20)..]);
                if (i + 22 + commentLen <= window)
                {
                    return start + i;
                }
            }
        }

        return -1;
    }

    public static FileTypeMatch? Inspect(ref DataView v, FileTypeDetectorOptions o, DetectionNotes notes, long localOffset)
    {
        var db = SignatureDatabase.Instance;
        var acc = new ZipNames();
        bool fromCentral = false;
        long prefix = 0;
        long eocd = -1;
        if (v.Length >= 22)
        {
            eocd = FindEocd(ref v, request: true, 4096);
            if (eocd < 0 && v.Length > 4096)
            {
                eocd = FindEocd(ref v, request: true, 65_557);
            }
        }

        if (v.HasNeed)
        {
            return null;
        }

        if (eocd >= 0 && v.TryRead(eocd, 22, out var e))
        {
            long entries = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
            long cdSize = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
            long cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
            long recordPos = eocd;
            if (entries == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF)
            {
                if (v.TryRead(eocd - 20, 20, out var loc) && BinaryPrimitives.ReadUInt32LittleEndian(loc) == Zip64LocatorSig)
                {
                    long z64 = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(loc[8..]), long.MaxValue);
                    // The ZIP64 record sits just before its locator; tolerate prepended data by trusting the position.
                    long z64Pos = eocd - 20 - 56;
                    if (v.TryRead(z64Pos, 56, out var r) && BinaryPrimitives.ReadUInt32LittleEndian(r) == Zip64EocdSig)
                    {
                        notes.Add("ZIP64");
                        entries = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(r[32..]), int.MaxValue);
                        cdSize = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(r[40..]), long.MaxValue / 2);
                        cdOffset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(r[48..]), long.MaxValue / 2);
                        recordPos = z64Pos;
                        if (z64 != z64Pos)
                        {
                            prefix = z64Pos - z64;
                        }
                    }
                }

                if (v.HasNeed)
                {
                    return null;
                }
            }

            if (prefix == 0)
            {
                prefix = recordPos - cdSize - cdOffset;
            }

            long cdStart = cdOffset + prefix;
            if (prefix < 0 || cdStart < 0 || cdSize < 0 || cdStart + cdSize > recordPos)
            {
                notes.Problem(o, "ZIP central directory size/offset point outside the file", eocd);
                prefix = 0;
            }
            else
            {
                if (prefix > 0)
                {
                    notes.Add($"{prefix} bytes precede the ZIP data (self-extractor or polyglot)");
                }

                int readLen = (int)Math.Min(cdSize, o.MaxContainerBytes);
                if (readLen < cdSize)
                {
                    notes.Add("ZIP central directory larger than MaxContainerBytes: only its start was read");
                }

                if (readLen > 0 && v.TryRead(cdStart, readLen, out var cd))
                {
                    fromCentral = true;
                    ReadCentral(cd, o, notes, ref acc, cdStart);
                }
                else if (v.HasNeed)
                {
                    return null;
                }
                else if (entries == 0)
                {
                    fromCentral = true;
                }
            }
        }
        else if (v.Length >= 0 && !v.HasNeed)
        {
            notes.Add("ZIP end-of-central-directory record not found (truncated?): decided from local headers");
        }

        if (!fromCentral)
        {
            WalkLocal(ref v, ref acc, localOffset, o);
            prefix = localOffset;
        }

        // ODF, EPUB and friends: the stored "mimetype" entry names the format.
        string? declared = null;
        if (acc.MimetypeOffset >= 0)
        {
            long lh = acc.MimetypeOffset + (fromCentral ? prefix : 0);
            if (v.TryRead(lh, 30, out var h) && BinaryPrimitives.ReadUInt32LittleEndian(h) == LocalSig && BinaryPrimitives.ReadUInt16LittleEndian(h[8..]) == 0)
            {
                int n = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]);
                int x = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
                int len = (int)Math.Min(acc.MimetypeSize, 200);
                if (len > 0 && v.TryRead(lh + 30 + n + x, len, out var m))
                {
                    declared = Encoding.ASCII.GetString(m).Trim();
                }
            }

            if (v.HasNeed)
            {
                return null;
            }
        }

        if (acc.Encrypted)
        {
            notes.Add("ZIP has encrypted entries");
        }

        string rule = fromCentral ? "zip:central-directory" : "zip:local-headers";
        if (declared is not null && db.ByMime.TryGetValue(declared, out var byMime) && byMime.IsA(db.Get("zip")))
        {
            return new FileTypeMatch(byMime, rule + " mimetype=" + declared, 0, 0.99);
        }

        if (declared is not null)
        {
            notes.Add("ZIP mimetype entry declares " + declared);
        }

        (string id, string why) = Decide(ref acc);
        return new FileTypeMatch(db.Get(id), rule + (why.Length > 0 ? " " + why : string.Empty), 0, id == "zip" ? 0.95 : 0.99);
    }

    private static (string Id, string Why) Decide(ref ZipNames a)
    {
        if (a.ContentTypes)
        {
            if (a.Nuspec)
            {
                return ("nupkg", "[Content_Types].xml+*.nuspec");
            }

            if (a.VsixManifest)
            {
                return ("vsix", "extension.vsixmanifest");
            }

            if (a.AppxManifest)
            {
                return ("appx", "AppxManifest.xml");
            }

            if (a.Word)
            {
                return (a.Vba ? "docm" : "docx", "[Content_Types].xml+word/");
            }

            if (a.Xl)
            {
                return (a.Vba ? "xlsm" : "xlsx", "[Content_Types].xml+xl/");
            }

            if (a.Ppt)
            {
                return (a.Vba ? "pptm" : "pptx", "[Content_Types].xml+ppt/");
            }

            if (a.Visio)
            {
                return ("vsdx", "[Content_Types].xml+visio/");
            }

            if (a.Model3D)
            {
                return ("3mf", "3D/3dmodel.model");
            }

            if (a.Xps)
            {
                return ("xps", "FixedDocumentSequence");
            }
        }

        if (a.AndroidManifest && (a.ClassesDex || a.Resources))
        {
            return ("apk", "AndroidManifest.xml+classes.dex");
        }

        if (a.AndroidManifest && a.ManifestMf)
        {
            return ("apk", "AndroidManifest.xml+META-INF");
        }

        if (a.PayloadApp)
        {
            return ("ipa", "Payload/*.app/");
        }

        if (a.InstallRdf || (a.WebExtManifest && a.MozillaSig))
        {
            return ("xpi", a.InstallRdf ? "install.rdf" : "manifest.json+META-INF/mozilla.rsa");
        }

        if (a.ContainerXml && a.Opf)
        {
            return ("epub", "META-INF/container.xml+*.opf");
        }

        if (a.WebInf)
        {
            return ("war", "WEB-INF/");
        }

        if (a.ApplicationXml)
        {
            return ("ear", "META-INF/application.xml");
        }

        if (a.ManifestMf || a.ClassFile)
        {
            return ("jar", a.ManifestMf ? "META-INF/MANIFEST.MF" : "*.class");
        }

        if (a.DocKml)
        {
            return ("kmz", "doc.kml");
        }

        return ("zip", string.Empty);
    }

    private static void ReadCentral(ReadOnlySpan<byte> cd, FileTypeDetectorOptions o, DetectionNotes notes, ref ZipNames acc, long cdStart)
    {
        int pos = 0;
        int count = 0;
        while (pos + 46 <= cd.Length && count < o.MaxZipEntries)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(cd[pos..]) != CentralSig)
            {
                notes.Problem(o, "bad ZIP central directory entry signature", cdStart + pos);
                break;
            }

            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(cd[(pos + 8)..]);
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(cd[(pos + 10)..]);
            long csize = BinaryPrimitives.ReadUInt32LittleEndian(cd[(pos + 20)..]);
            int n = BinaryPrimitives.ReadUInt16LittleEndian(cd[(pos + 28)..]);
            int x = BinaryPrimitives.ReadUInt16LittleEndian(cd[(pos + 30)..]);
            int c = BinaryPrimitives.ReadUInt16LittleEndian(cd[(pos + 32)..]);
            long lho = BinaryPrimitives.ReadUInt32LittleEndian(cd[(pos + 42)..]);
            if (pos + 46 + n > cd.Length)
            {
                break;
            }

            acc.Add(cd.Slice(pos + 46, n), (flags & 1) != 0, method, csize, lho);
            pos += 46 + n + x + c;
            count++;
        }

        if (count >= o.MaxZipEntries)
        {
            notes.Add($"ZIP has more than {o.MaxZipEntries} entries: only the first were examined");
        }
    }

    private static void WalkLocal(ref DataView v, ref ZipNames acc, long start, FileTypeDetectorOptions o)
    {
        long pos = start;
        int count = 0;
        while (count < o.MaxZipEntries && v.TryPeek(pos, 30, out var h) && BinaryPrimitives.ReadUInt32LittleEndian(h) == LocalSig)
        {
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
            long csize = BinaryPrimitives.ReadUInt32LittleEndian(h[18..]);
            int n = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]);
            int x = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            if (!v.TryPeek(pos + 30, n, out var name))
            {
                break;
            }

            acc.Add(name, (flags & 1) != 0, method, csize, pos);
            if ((flags & 8) != 0 && csize == 0)
            {
                break; // sizes follow the data: the next header cannot be located without inflating
            }

            pos += 30 + n + x + csize;
            count++;
        }
    }


    private struct ZipNames
    {
        public ZipNames()
        {
        }

        public long MimetypeOffset = -1;
        public long MimetypeSize;
        public bool Encrypted;
        public bool ContentTypes;
        public bool Word;
        public bool Xl;
        public bool Ppt;
        public bool Visio;
        public bool Vba;
        public bool Model3D;
        public bool Xps;
        public bool Nuspec;
        public bool VsixManifest;
        public bool AppxManifest;
        public bool AndroidManifest;
        public bool ClassesDex;
        public bool Resources;
        public bool ManifestMf;
        public bool ClassFile;
        public bool WebInf;
        public bool ApplicationXml;
        public bool PayloadApp;
        public bool InstallRdf;
        public bool WebExtManifest;
        public bool MozillaSig;
        public bool ContainerXml;
        public bool Opf;
        public bool DocKml;

        public void Add(ReadOnlySpan<byte> name, bool encrypted, ushort method, long csize, long localOffset)
        {
            Encrypted |= encrypted;
            if (name.SequenceEqual("mimetype"u8))
            {
                if (method == 0 && MimetypeOffset < 0)
                {
                    MimetypeOffset = localOffset;
                    MimetypeSize = csize;
                }

                return;
            }

            bool root = name.IndexOf((byte)'/') < 0;
            if (name.SequenceEqual("[Content_Types].xml"u8))
            {
                ContentTypes = true;
            }
            else if (name.StartsWith("word/"u8))
            {
                Word = true;
                Vba |= name.EndsWith("vbaProject.bin"u8);
            }
            else if (name.StartsWith("xl/"u8))
            {
                Xl = true;
                Vba |= name.EndsWith("vbaProject.bin"u8);
            }
            else if (name.StartsWith("ppt/"u8))
            {
                Ppt = true;
                Vba |= name.EndsWith("vbaProject.bin"u8);
            }
            else if (name.StartsWith("visio/"u8))
            {
                Visio = true;
            }
            else if (name.SequenceEqual("3D/3dmodel.model"u8))
            {
                Model3D = true;
            }
            else if (name.SequenceEqual("FixedDocumentSequence.fdseq"u8))
            {
                Xps = true;
            }
            else if (root && name.EndsWith(".nuspec"u8))
            {
                Nuspec = true;
            }
            else if (name.SequenceEqual("extension.vsixmanifest"u8))
            {
                VsixManifest = true;
            }
            else if (name.SequenceEqual("AppxManifest.xml"u8))
            {
                AppxManifest = true;
            }
            else if (name.SequenceEqual("AndroidManifest.xml"u8))
            {
                AndroidManifest = true;
            }
            else if (root && name.StartsWith("classes"u8) && name.EndsWith(".dex"u8))
            {
                ClassesDex = true;
            }
            else if (name.SequenceEqual("resources.arsc"u8))
            {
                Resources = true;
            }
            else if (name.SequenceEqual("META-INF/MANIFEST.MF"u8))
            {
                ManifestMf = true;
            }
            else if (name.SequenceEqual("META-INF/application.xml"u8))
            {
                ApplicationXml = true;
            }
            else if (name.SequenceEqual("META-INF/container.xml"u8))
            {
                ContainerXml = true;
            }
            else if (name.SequenceEqual("META-INF/mozilla.rsa"u8) || name.SequenceEqual("META-INF/cose.sig"u8))
            {
                MozillaSig = true;
            }
            else if (name.StartsWith("WEB-INF/"u8))
            {
                WebInf = true;
            }
            else if (name.SequenceEqual("install.rdf"u8))
            {
                InstallRdf = true;
            }
            else if (name.SequenceEqual("manifest.json"u8))
            {
                WebExtManifest = true;
            }
            else if (root && name.EndsWith(".kml"u8))
            {
                DocKml = true;
            }
            else if (name.StartsWith("Payload/"u8) && name.IndexOf(".app/"u8) > 0)
            {
                PayloadApp = true;
            }

            if (name.EndsWith(".class"u8))
            {
                ClassFile = true;
            }
            else if (name.EndsWith(".opf"u8))
            {
                Opf = true;
            }
        }
    }
}
