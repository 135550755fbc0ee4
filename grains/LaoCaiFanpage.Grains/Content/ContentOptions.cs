using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>Configuration section <c>Content</c>: the Article 12 filter and what it does with incoming comments.</summary>
public sealed class ContentOptions : IValidatableObject
{
    public const string Section = "Content";

    /// <summary>Replaces the shipped lexicon (same JSON shape as <c>Content/prohibited-lexicon.json</c>) when set.</summary>
    public string? LexiconFile { get; set; }

    /// <summary>Hide high-confidence hits on Facebook at once (true), or send every hit to the Editorial Board's review.</summary>
    public bool AutoHide { get; set; } = true;

    /// <summary>Screen incoming comments and messages at all.</summary>
    public bool ScreenIncoming { get; set; } = true;

    public ContentRules BuildRules() => new(new ProhibitedContentFilter(ProhibitedLexicon.Load(LexiconFile)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            ProhibitedLexicon.Load(LexiconFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"Content:LexiconFile '{LexiconFile}' cannot be used: {error}", [nameof(LexiconFile)]);
        }
    }
}
