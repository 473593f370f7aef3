namespace Forensics.Net.Hashing.Files;

/// <summary>An audit's items and counts.</summary>
public sealed class AuditReport
{
    internal AuditReport(List<AuditItem> items)
    {
        Items = items;
        Matched = items.Count(i => i.Status == AuditStatus.Matched);
        Changed = items.Count(i => i.Status == AuditStatus.Changed);
        Moved = items.Count(i => i.Status == AuditStatus.Moved);
        New = items.Count(i => i.Status == AuditStatus.New);
        Missing = items.Count(i => i.Status == AuditStatus.Missing);
    }

    /// <summary>Gets every item: the actual entries in input order, then the missing known entries in their file order.</summary>
    public IReadOnlyList<AuditItem> Items { get; }

    /// <summary>Gets the number of files matched at their known path.</summary>
    public int Matched { get; }

    /// <summary>Gets the number of files changed at their known path.</summary>
    public int Changed { get; }

    /// <summary>Gets the number of files moved or renamed.</summary>
    public int Moved { get; }

    /// <summary>Gets the number of new files.</summary>
    public int New { get; }

    /// <summary>Gets the number of known files not found.</summary>
    public int Missing { get; }

    /// <summary>Gets whether the audit passed: every file matched and nothing is changed, moved, new or missing.</summary>
    public bool Passed => Changed == 0 && Moved == 0 && New == 0 && Missing == 0;
}
