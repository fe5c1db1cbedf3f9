using System.Globalization;
using System.Text;

namespace LutBridge.Engines.Prompt;

/// <summary>One word of a prompt (one character for Chinese), or a clause break.</summary>
/// <param name="Text">Normalised text: lower case, ё → е, accents folded; empty for a break.</param>
/// <param name="Original">The words as the user wrote them (for reports).</param>
public readonly record struct PromptToken(string Text, string Original)
{
    public bool IsBreak => Text.Length == 0;
}

/// <summary>
/// Splits a prompt into tokens the lexicon can match: words for alphabetic scripts (Latin,
/// Cyrillic), single characters for Han script (Chinese has no spaces; the lexicon's
/// phrases are character sequences, so longest match does the segmentation), and clause
/// breaks at punctuation. Hyphens and slashes split words ("black-and-white", "чёрно-белое").
/// </summary>
public static class PromptText
{
    /// <summary>Longest prompt accepted, in characters (a prompt is a sentence, not a document).</summary>
    public const int MaxLength = 2000;

    public static List<PromptToken> Tokenise(string text)
    {
        var tokens = new List<PromptToken>();
        var word = new StringBuilder();
        var original = new StringBuilder();

        void FlushWord()
        {
            if (word.Length > 0) tokens.Add(new PromptToken(word.ToString(), original.ToString()));
            word.Clear();
            original.Clear();
        }

        void Break()
        {
            FlushWord();
            if (tokens.Count > 0 && !tokens[^1].IsBreak) tokens.Add(new PromptToken("", ""));
        }

        foreach (var rune in text.EnumerateRunes())
        {
            int c = rune.Value;
            if (IsHan(c))
            {
                FlushWord();
                var s = rune.ToString();
                tokens.Add(new PromptToken(s, s));
            }
            else if (Rune.IsLetterOrDigit(rune) || c == '\'' || c == '’')
            {
                if (c == '’') c = '\'';
                original.Append(rune.ToString());
                foreach (var ch in Fold(Rune.ToLowerInvariant(new Rune(c)).ToString())) word.Append(ch);
            }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                original.Append(rune.ToString()); // a combining accent (e.g. on ё typed as е + ¨): dropped
            }
            else if (c == '&' || c == '+')
            {
                FlushWord();
                tokens.Add(new PromptToken("and", rune.ToString()));
            }
            else if (IsClausePunctuation(c)) Break();
            else FlushWord();
        }
        FlushWord();
        while (tokens.Count > 0 && tokens[^1].IsBreak) tokens.RemoveAt(tokens.Count - 1);
        return tokens;
    }

    /// <summary>Lower-cased text folded as the lexicon spells it: ё → е, common Latin accents dropped
    /// (by a table: the project runs with invariant globalization, so no Unicode normalisation).</summary>
    public static string Fold(string lower)
    {
        var sb = new StringBuilder(lower.Length);
        foreach (var ch in lower)
        {
            int k = Accented.IndexOf(ch);
            sb.Append(ch == 'ё' ? 'е' : k >= 0 ? Plain[k] : ch);
        }
        return sb.ToString();
    }

    private const string Accented = "àáâãäåāèéêëēìíîïīòóôõöøōùúûüūçñýÿ";
    private const string Plain = "aaaaaaaeeeeeiiiiiooooooouuuuucnyy";

    public static bool IsHan(int c) =>
        c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0xF900 and <= 0xFAFF;

    private static bool IsClausePunctuation(int c) =>
        c is ',' or '.' or ';' or ':' or '!' or '?' or '(' or ')' or '\n' or '\uFF0C' or '\uFF1B' or '\uFF1A' or '\uFF01' or '\uFF1F' or '\uFF08' or '\uFF09' or '\uFF0E'
        or '，' or '。' or '；' or '：' or '！' or '？' or '、' or '（' or '）' or '…';
}
