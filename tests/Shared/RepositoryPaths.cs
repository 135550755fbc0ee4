namespace LaoCaiFanpage.Tests.Shared;

/// <summary>Where the repository is, found from the test's build output.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "LaoCaiFanpage.sln")))
            {
                root = root.Parent;
            }

            return root?.FullName ?? throw new InvalidOperationException("LaoCaiFanpage.sln not found above the test output.");
        }
    }
}
