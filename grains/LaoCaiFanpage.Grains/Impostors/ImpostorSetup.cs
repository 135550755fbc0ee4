using LaoCaiFanpage.Grains.Fanpages;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>Builds the scorer from the official page's configuration (R3) and the detection settings.</summary>
public static class ImpostorSetup
{
    public static ImpostorScorer Scorer(FanpageOptions fanpage, ImpostorOptions options)
    {
        ulong? avatar = options.OfficialAvatarFile is { Length: > 0 } file ? PerceptualHash.Of(File.ReadAllBytes(file), options.MaxPicturePixels) : null;
        var official = new OfficialPage(fanpage.PageId, fanpage.Username, PageName.Of(fanpage.Name), avatar, options.OfficialFollowers);
        return new ImpostorScorer(official, options.SuspectThreshold);
    }

    /// <summary>Null when the settings can be used; otherwise what is wrong (checked at start-up).</summary>
    public static string? Problem(ImpostorOptions options)
    {
        try
        {
            _ = ConfusableSkeleton.Version;
        }
        catch (Exception ex) when (ex is DllNotFoundException or InvalidOperationException)
        {
            return ex.Message;
        }

        if (options.OfficialAvatarFile is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                return $"Impostors:OfficialAvatarFile '{file}' does not exist.";
            }

            if (PerceptualHash.Refusal(File.ReadAllBytes(file), options.MaxPicturePixels) is { } refusal)
            {
                return $"Impostors:OfficialAvatarFile '{file}' is refused: {refusal}.";
            }
        }

        return null;
    }
}
