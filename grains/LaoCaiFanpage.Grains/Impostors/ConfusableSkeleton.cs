using System.Globalization;
using System.Runtime.InteropServices;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// UTS #39 confusable skeletons from the system's ICU (the library .NET itself loads for globalisation): two
/// strings that look alike ("UBND" in Cyrillic and Latin letters, "l" and "I" and "1") have the same skeleton.
/// Unicode's confusables data ships inside ICU, so nothing here is a hand-picked list of look-alikes.
/// </summary>
public static unsafe class ConfusableSkeleton
{
    private const int UspoofAllChecks = 0xFFFF;

    /// <summary>ICU's error codes at or below zero are success (negative values are warnings).</summary>
    private const int BufferOverflowError = 15;

    private static readonly Lazy<Icu> Library = new(Icu.Load);

    /// <summary>The ICU version found (for the start-up log and the error when it is missing).</summary>
    public static string Version => Library.Value.Version;

    /// <summary>The skeleton of <paramref name="text"/>: its look-alike prototype string (NFD, confusables mapped, NFD again).</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        var icu = Library.Value;
        var capacity = text.Length * 4 + 16;
        while (true)
        {
            var buffer = new char[capacity];
            var status = 0;
            int length;
            fixed (char* source = text)
            fixed (char* destination = buffer)
            {
                length = icu.GetSkeleton(icu.Checker, 0, source, text.Length, destination, capacity, &status);
            }

            if (status == BufferOverflowError)
            {
                capacity = length + 1;
                continue;
            }

            if (status > 0)
            {
                throw new InvalidOperationException($"ICU uspoof_getSkeleton failed with error {status}.");
            }

            return new string(buffer, 0, length);
        }
    }

    private sealed class Icu
    {
        public required string Version { get; init; }

        public required nint Checker { get; init; }

        public required delegate* unmanaged<nint, int, char*, int, char*, int, int*, int> GetSkeleton { get; init; }

        public static Icu Load()
        {
            // Distributions install ICU with its version in the file name and in every symbol (uspoof_open_72).
            foreach (var version in Enumerable.Range(50, 60).Reverse())
            {
                if (!NativeLibrary.TryLoad($"libicui18n.so.{version}", out var handle)
                    && !NativeLibrary.TryLoad($"libicui18n.{version}.dylib", out handle))
                {
                    continue;
                }

                if (NativeLibrary.TryGetExport(handle, $"uspoof_open_{version}", out var open)
                    && NativeLibrary.TryGetExport(handle, $"uspoof_setChecks_{version}", out var setChecks)
                    && NativeLibrary.TryGetExport(handle, $"uspoof_getSkeleton_{version}", out var skeleton))
                {
                    return Create(version.ToString(CultureInfo.InvariantCulture), open, setChecks, skeleton);
                }
            }

            if (NativeLibrary.TryLoad("libicui18n.so", out var plain)
                && NativeLibrary.TryGetExport(plain, "uspoof_open", out var open2)
                && NativeLibrary.TryGetExport(plain, "uspoof_setChecks", out var setChecks2)
                && NativeLibrary.TryGetExport(plain, "uspoof_getSkeleton", out var skeleton2))
            {
                return Create("unversioned", open2, setChecks2, skeleton2);
            }

            throw new DllNotFoundException("ICU's i18n library (libicui18n, Debian package libicu72 or newer) was not found: impostor detection needs its confusables data.");
        }

        private static Icu Create(string version, nint open, nint setChecks, nint skeleton)
        {
            var status = 0;
            var checker = ((delegate* unmanaged<int*, nint>)open)(&status);
            if (status > 0 || checker == 0)
            {
                throw new InvalidOperationException($"ICU uspoof_open failed with error {status}.");
            }

            ((delegate* unmanaged<nint, int, int*, void>)setChecks)(checker, UspoofAllChecks, &status);

            // One checker for the process: uspoof_getSkeleton only reads it, which ICU documents as thread-safe.
            return new Icu
            {
                Version = version,
                Checker = checker,
                GetSkeleton = (delegate* unmanaged<nint, int, char*, int, char*, int, int*, int>)skeleton,
            };
        }
    }
}
