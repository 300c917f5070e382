namespace OmniFunctions.Core.Attribution;

/// <summary>A report for a date range and model (<c>GET api/reports/{dimension}</c>).</summary>
/// <param name="StorageReads">Table requests the report took: days × shards, independent of message volume.</param>
internal sealed record Report(string Dimension, string From, string To, string Model, string Window, IReadOnlyList<ReportRow> Rows, int StorageReads);
