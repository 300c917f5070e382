using System.Text;
using System.Text.Encodings.Web;

namespace OmniFunctions.Core.Templates;

/// <summary>
/// The output encoding of template values. <see cref="Markup"/> escapes only what HTML needs (<c>&amp; &lt; &gt; &quot;</c>),
/// so Cyrillic, right-to-left text and emoji stay themselves: Telegram's HTML mode counts its 4,096 characters after
/// entity parsing, and email HTML stays readable. <see cref="Plain"/> leaves text as it is. Both drop the bidirectional
/// embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) from values: a name with an unclosed
/// right-to-left override would otherwise reverse the rest of the message. Right-to-left letters themselves stay.
/// </summary>
internal sealed class MarkupEncoder : TextEncoder
{
    public static readonly MarkupEncoder Markup = new(markup: true);

    public static readonly MarkupEncoder Plain = new(markup: false);

    private readonly bool markup;

    private MarkupEncoder(bool markup) => this.markup = markup;

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            if (WillEncode(span[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var replacement = unicodeScalar switch
        {
            _ when IsBidiControl(unicodeScalar) => "",
            '&' when markup => "&amp;",
            '<' when markup => "&lt;",
            '>' when markup => "&gt;",
            '"' when markup => "&quot;",
            '\'' when markup => "&#39;",
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

    public override bool WillEncode(int unicodeScalar) => IsBidiControl(unicodeScalar) || (markup && unicodeScalar is '&' or '<' or '>' or '"' or '\'');

    private static bool IsBidiControl(int scalar) => scalar is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
