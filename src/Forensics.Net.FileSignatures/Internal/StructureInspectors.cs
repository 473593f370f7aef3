using System.Buffers.Binary;

namespace Forensics.Net.FileSignatures.Internal;

/// <summary>Checks and refines formats whose magic bytes are shared or weak: CFB, PE, ELF, Mach-O/Java class, TAR.</summary>
internal static class StructureInspectors
{
    private const uint FreeSect = 0xFFFFFFFF;
    private const uint EndOfChain = 0xFFFFFFFE;

    /// <summary>
    /// Reads the Compound File Binary directory ([MS-CFB] 2.2 header, 2.3 FAT, 2.6 directory entries) by following the
    /// directory chain through the FAT, with a visited set against loops and a cap on sectors read.
    /// </summary>
    public static FileTypeMatch? InspectCfb(ref DataView v, FileTypeDetectorOptions o, DetectionNotes notes)
    {
        var db = SignatureDatabase.Instance;
        if (!v.TryRead(0, 512, out var h))
        {
            return new FileTypeMatch(db.Get("cfb"), "0:D0CF11E0A1B11AE1 (header truncated)", 0, 0.8);
        }

        int shift = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
        if (shift != 9 && shift != 12)
        {
            notes.Problem(o, "CFB sector shift is not 9 or 12", 30);
            return new FileTypeMatch(db.Get("cfb"), "0:D0CF11E0A1B11AE1", 0, 0.7);
        }

        int sectorSize = 1 << shift;
        uint dirStart = BinaryPrimitives.ReadUInt32LittleEndian(h[48..]);
        uint numFat = BinaryPrimitives.ReadUInt32LittleEndian(h[44..]);
        var names = new CfbNames();
        uint sector = dirStart;
        var visited = new HashSet<uint>();
        int maxSectors = Math.Max(1, Math.Min(64, o.MaxContainerBytes / sectorSize));
        int entriesPerSector = sectorSize / 128;
        while (sector < 0xFFFFFFFA && visited.Count < maxSectors)
        {
            if (!visited.Add(sector))
            {
                notes.Problem(o, "CFB directory chain loops", 48);
                break;
            }

            long off = ((long)sector + 1) << shift;
            if (!v.TryRead(off, sectorSize, out var dir))
            {
                if (!v.HasNeed)
                {
                    notes.Problem(o, "CFB directory sector outside the file", off);
                }

                break;
            }

            for (int i = 0; i < entriesPerSector; i++)
            {
                names.Add(dir.Slice(i * 128, 128), visited.Count == 1 && i == 0);
            }

            // Next sector: FAT[sector], the FAT sector holding it is listed in the header's DIFAT (first 109).
            uint perFat = (uint)(sectorSize / 4);
            uint fatIndex = sector / perFat;
            if (fatIndex >= 109 || fatIndex >= numFat)
            {
                break;
            }

            uint fatSector = BinaryPrimitives.ReadUInt32LittleEndian(h[(76 + ((int)fatIndex * 4))..]);
            if (fatSector >= 0xFFFFFFFA)
            {
                break;
            }

            if (!v.TryRead(((long)fatSector + 1) << shift, sectorSize, out var fat))
            {
                break;
            }

            sector = BinaryPrimitives.ReadUInt32LittleEndian(fat[(int)(sector % perFat * 4)..]);
            if (sector == EndOfChain || sector == FreeSect)
            {
                break;
            }
        }

        if (v.HasNeed)
        {
            return null;
        }

        (string id, string why) = names.Decide();
        return new FileTypeMatch(db.Get(id), "cfb:directory" + (why.Length > 0 ? " " + why : string.Empty), 0, id == "cfb" ? 0.9 : 0.99);
    }

    /// <summary>PE/COFF (Microsoft PE format spec: MS-DOS stub e_lfanew at 0x3C, COFF characteristics, CLR runtime header data directory 14).</summary>
    public static FileTypeMatch? InspectMz(ref DataView v, DetectionNotes notes)
    {
        var db = SignatureDatabase.Instance;
        if (!v.TryRead(0x3C, 4, out var l))
        {
            return new FileTypeMatch(db.Get("dos-exe"), "0:\"MZ\"", 0, 0.6);
        }

        uint lfanew = BinaryPrimitives.ReadUInt32LittleEndian(l);
        if (lfanew < 0x40 || lfanew > 0x10000000 || !v.TryRead(lfanew, 24, out var pe))
        {
            if (v.HasNeed)
            {
                return null;
            }

            return new FileTypeMatch(db.Get("dos-exe"), "0:\"MZ\"", 0, 0.7);
        }

        if (!pe[..4].SequenceEqual("PE\0\0"u8))
        {
            string id = pe[..2].SequenceEqual("NE"u8) ? "ne-exe" : pe[..2].SequenceEqual("LE"u8) || pe[..2].SequenceEqual("LX"u8) ? "le-exe" : "dos-exe";
            return new FileTypeMatch(db.Get(id), $"0:\"MZ\" & {lfanew}:{System.Text.Encoding.ASCII.GetString(pe[..2])}", lfanew, 0.85);
        }

        ushort characteristics = BinaryPrimitives.ReadUInt16LittleEndian(pe[22..]);
        ushort optSize = BinaryPrimitives.ReadUInt16LittleEndian(pe[20..]);
        bool dll = (characteristics & 0x2000) != 0;
        bool dotnet = false;
        int subsystem = 0;
        if (optSize >= 96 && v.TryRead(lfanew + 24, Math.Min((int)optSize, 240), out var opt))
        {
            ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(opt);
            subsystem = BinaryPrimitives.ReadUInt16LittleEndian(opt[68..]);
            int dirBase = magic == 0x20b ? 112 : 96;
            int countPos = dirBase - 4;
            if (opt.Length >= dirBase)
            {
                uint count = BinaryPrimitives.ReadUInt32LittleEndian(opt[countPos..]);
                int clr = dirBase + (14 * 8);
                dotnet = count > 14 && opt.Length >= clr + 8 && BinaryPrimitives.ReadUInt32LittleEndian(opt[clr..]) != 0;
            }
        }
        else if (v.HasNeed)
        {
            return null;
        }

        if (dotnet)
        {
            notes.Add(".NET assembly (CLR runtime header present)");
        }

        string type = subsystem is 10 or 11 or 12 or 13 ? "efi" : subsystem == 1 && !dll ? "pe-driver" : dotnet ? (dll ? "dotnet-dll" : "dotnet-exe") : dll ? "pe-dll" : "pe-exe";
        return new FileTypeMatch(db.Get(type), $"0:\"MZ\" & {lfanew}:\"PE\\0\\0\" characteristics=0x{characteristics:X4}{(dotnet ? " clr" : string.Empty)}", lfanew, 0.99);
    }

    /// <summary>ELF (System V gABI, ELF header e_type; a position-independent executable is ET_DYN with a PT_INTERP program header).</summary>
    public static FileTypeMatch? InspectElf(ref DataView v)
    {
        var db = SignatureDatabase.Instance;
        if (!v.TryRead(0, 52, out var h))
        {
            return new FileTypeMatch(db.Get("elf"), "0:7F454C46", 0, 0.8);
        }

        bool is64 = h[4] == 2;
        bool le = h[5] != 2;
        ushort U16(ReadOnlySpan<byte> s) => le ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => le ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        ulong U64(ReadOnlySpan<byte> s) => le ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt64BigEndian(s);
        ushort type = U16(h[16..]);
        string id = type switch { 1 => "elf-relocatable", 2 => "elf-exec", 3 => "elf-shared", 4 => "elf-core", _ => "elf" };
        string rule = $"0:7F454C46 & 16:e_type={type}";
        if (type == 3 && v.TryRead(0, is64 ? 64 : 52, out h))
        {
            ulong phoff = is64 ? U64(h[32..]) : U32(h[28..]);
            int phentsize = U16(h[(is64 ? 54 : 42)..]);
            int phnum = Math.Min(U16(h[(is64 ? 56 : 44)..]), (ushort)256);
            if (phoff < 0x100000 && phentsize is >= 8 and <= 128 && phnum > 0 && v.TryRead((long)phoff, phentsize * phnum, out var ph))
            {
                for (int i = 0; i < phnum; i++)
                {
                    if (U32(ph[(i * phentsize)..]) == 3)
                    {
                        id = "elf-pie";
                        rule += " PT_INTERP";
                        break;
                    }
                }
            }
            else if (v.HasNeed)
            {
                return null;
            }
        }

        return new FileTypeMatch(db.Get(id), rule, 0, 0.99);
    }

    /// <summary>0xCAFEBABE is both a Mach-O universal binary (nfat_arch, small) and a Java class (minor/major version, major ≥ 45).</summary>
    public static FileTypeMatch? InspectCafeBabe(ReadOnlySpan<byte> head, string candidateId)
    {
        if (head.Length < 8)
        {
            return null;
        }

        uint second = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        bool fat = second is > 0 and < 45;
        var db = SignatureDatabase.Instance;
        if (candidateId == "macho-fat")
        {
            return fat ? new FileTypeMatch(db.Get("macho-fat"), $"0:CAFEBABE & 4:nfat_arch={second}", 0, 0.95) : null;
        }

        ushort major = (ushort)(second & 0xFFFF);
        return !fat && major >= 45 && major < 100 ? new FileTypeMatch(db.Get("java-class"), $"0:CAFEBABE & 6:major={major}", 0, 0.95) : null;
    }

    /// <summary>POSIX/GNU/V7 tar header: the checksum at 148 equals the byte sum with the checksum field read as spaces.</summary>
    public static bool IsTarHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < 512 || head[0] == 0)
        {
            return false;
        }

        long stored = 0;
        int digits = 0;
        for (int i = 148; i < 156; i++)
        {
            byte b = head[i];
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                stored = (stored * 8) + (b - '0');
                digits++;
            }
            else if (b is (byte)' ' or 0)
            {
                if (digits > 0)
                {
                    break;
                }
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        long sum = 0;
        for (int i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : head[i];
        }

        return sum == stored;
    }


    private struct CfbNames
    {
        private static ReadOnlySpan<byte> MsiClsid => [0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

        private static ReadOnlySpan<byte> MspClsid => [0x86, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

        private static ReadOnlySpan<byte> MstClsid => [0x82, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

        private bool _word;
        private bool _workbook;
        private bool _ppt;
        private bool _msg;
        private bool _msi;
        private bool _msp;
        private bool _mst;
        private bool _msiNames;
        private bool _visio;
        private bool _encryptedPackage;
        private bool _thumbs;
        private bool _hwp;
        private bool _publisher;

        public void Add(ReadOnlySpan<byte> entry, bool isRoot)
        {
            int nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[64..]);
            byte kind = entry[66];
            if (kind == 0 || nameBytes < 2 || nameBytes > 64)
            {
                return;
            }

            if (isRoot || kind == 5)
            {
                var clsid = entry.Slice(80, 16);
                _msi |= clsid.SequenceEqual(MsiClsid);
                _msp |= clsid.SequenceEqual(MspClsid);
                _mst |= clsid.SequenceEqual(MstClsid);
                return;
            }

            Span<char> name = stackalloc char[32];
            int n = (nameBytes / 2) - 1;
            for (int i = 0; i < n; i++)
            {
                name[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(entry[(i * 2)..]);
            }

            ReadOnlySpan<char> s = name[..n];
            if (n > 0 && s[0] >= '\u3800' && s[0] <= '\u4840')
            {
                _msiNames = true; // MSI database tables use a compressed name encoding in this range
            }

            _word |= s.SequenceEqual("WordDocument");
            _workbook |= s.SequenceEqual("Workbook") || s.SequenceEqual("Book");
            _ppt |= s.SequenceEqual("PowerPoint Document");
            _msg |= s.StartsWith("__substg1.0_") || s.SequenceEqual("__properties_version1.0") || s.SequenceEqual("__nameid_version1.0");
            _visio |= s.SequenceEqual("VisioDocument");
            _encryptedPackage |= s.SequenceEqual("EncryptedPackage");
            _thumbs |= s.SequenceEqual("Catalog");
            _hwp |= s.SequenceEqual("FileHeader") || s.SequenceEqual("HwpSummaryInformation");
            _publisher |= s.SequenceEqual("Quill");
        }

        public readonly (string Id, string Why) Decide()
        {
            if (_msp)
            {
                return ("msp", "root CLSID 000C1086");
            }

            if (_mst)
            {
                return ("mst", "root CLSID 000C1082");
            }

            if (_msi || _msiNames)
            {
                return ("msi", _msi ? "root CLSID 000C1084" : "MSI table streams");
            }

            if (_encryptedPackage)
            {
                return ("office-encrypted", "EncryptedPackage");
            }

            if (_msg)
            {
                return ("msg", "__substg1.0_");
            }

            if (_word)
            {
                return ("doc", "WordDocument");
            }

            if (_workbook)
            {
                return ("xls", "Workbook");
            }

            if (_ppt)
            {
                return ("ppt", "PowerPoint Document");
            }

            if (_visio)
            {
                return ("vsd", "VisioDocument");
            }

            if (_publisher)
            {
                return ("pub", "Quill");
            }

            if (_hwp)
            {
                return ("hwp", "FileHeader");
            }

            if (_thumbs)
            {
                return ("thumbsdb", "Catalog");
            }

            return ("cfb", string.Empty);
        }
    }
}
