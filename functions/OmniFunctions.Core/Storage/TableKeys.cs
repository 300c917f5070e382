using System.Globalization;
using System.Text;

namespace OmniFunctions.Core.Storage;

/// <summary>Table Storage key rules: '/', '\', '#', '?' and control characters are not allowed in keys.</summary>
public static class TableKeys
{
    /// <summary>Escapes what keys may not contain (and '%', the escape itself) as %XX; everything else is kept.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The value <see cref="Encode"/> escaped (every escaped character is ASCII, so %XX is one byte of UTF-8).</summary>
    public static string Decode(string key) => Uri.UnescapeDataString(key);

    /// <summary>A row key prefix that sorts newest first: the ticks left until <see cref="DateTimeOffset.MaxValue"/>.</summary>
    public static string NewestFirst(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>An OData filter string literal.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
