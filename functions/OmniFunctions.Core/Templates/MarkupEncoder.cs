using System.Text;
using System.Text.Encodings.Web;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// Escapes only what HTML markup needs (<c>&amp; &lt; &gt; &quot;</c>), so Cyrillic, right-to-left text and emoji stay
/// themselves: Telegram's HTML mode counts its 4,096 characters after entity parsing, and email HTML stays readable.
/// </summary>
internal sealed class MarkupEncoder : TextEncoder
{
    public static readonly MarkupEncoder Instance = new();

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        return span.IndexOfAny("&<>\"");
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var replacement = unicodeScalar switch
        {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            _ => null,
        };
        var output = new Span<char>(buffer, bufferLength);
        if (replacement is not null)
        {
            numberOfCharactersWritten = replacement.Length;
            return replacement.AsSpan().TryCopyTo(output);
        }

        // Not one of ours: written as it is (a supplementary scalar takes two chars).
        numberOfCharactersWritten = 0;
        return new Rune(unicodeScalar).TryEncodeToUtf16(output, out numberOfCharactersWritten);
    }

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is '&' or '<' or '>' or '"';
}
