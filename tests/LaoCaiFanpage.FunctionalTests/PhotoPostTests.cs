using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Art. 2.1, 7.4: a post with pictures, checked on upload, approved with its exact pictures, published through the Graph API's photo endpoints.</summary>
[Collection(PublishingCollection.Name)]
public sealed class PhotoPostTests(PublishingFixture fixture)
{
    private static ByteArrayContent Picture(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task A_photo_post_goes_out_after_approval_with_exactly_the_approved_pictures()
    {
        var people = fixture.People;
        var staff = people.Staff.Client;

        // Checked before anything decodes it: type, size, declared pixels, and the bytes being what the type says.
        using (var notPicture = await staff.PostAsync("api/media", Picture("không phải ảnh"u8.ToArray(), "text/plain")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, notPicture.StatusCode);
        }

        using (var lie = await staff.PostAsync("api/media", Picture(TestPictures.Official(64), "image/jpeg")))
        {
            Assert.Contains("not the declared image/jpeg", (await lie.ReadProblem(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var bomb = await staff.PostAsync("api/media", Picture(TestPictures.DecompressionBomb(), "image/png")))
        {
            Assert.Contains("40,000 × 40,000", (await bomb.ReadProblem(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var big = await staff.PostAsync("api/media", Picture(new byte[5 * 1024 * 1024], "image/png")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        }

        using (var byOfficer = await people.Officer.Client.PostAsync("api/media", Picture(TestPictures.Official(64), "image/png")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        }

        var png = TestPictures.Official(320);
        var jpeg = TestPictures.OfficialCopy();
        var first = JsonDocument.Parse(await (await staff.PostAsync("api/media", Picture(png, "image/png"))).Content.ReadAsStringAsync()).RootElement;
        var second = JsonDocument.Parse(await (await staff.PostAsync("api/media", Picture(jpeg, "image/jpeg"))).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(png)), 320, 320), (first.GetProperty("id").GetString(), first.GetProperty("width").GetInt32(), first.GetProperty("height").GetInt32()));
        var images = new[] { first.GetProperty("id").GetString()!, second.GetProperty("id").GetString()! };
        using (var served = await people.Head.Client.GetAsync("api/media/" + images[0]))
        {
            Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        }

        // A draft names only uploaded pictures; an answer carries none yet.
        Assert.Equal("unknown-image", (await Post(staff, "api/posts", new { category = 6, authority = "office", text = "Ảnh", images = new[] { new string('a', 64) } }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var caseId = await NewComment(fixture.Host.Client, "Xin ảnh sơ đồ tuyến xe buýt mới");
        await Post(staff, $"api/threads/{caseId}/classify", new { category = 5, authority = "office" });
        await Post(staff, $"api/threads/{caseId}/assign", new { units = new[] { people.OfficerUnit }, complexity = "own" });
        Assert.Equal("images-not-supported", (await Post(staff, $"api/threads/{caseId}/drafts", new { text = "Sơ đồ đính kèm", images = new[] { Convert.ToHexStringLower(SHA256.HashData(png)) } },
            HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var text = "Hình ảnh Lễ hội Xuân Bắc Hà " + Guid.NewGuid().ToString("N")[..6];
        var created = await Post(staff, "api/posts", new { category = 6, authority = "office", text, images }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(images, created.GetProperty("drafts")[0].GetProperty("images").EnumerateArray().Select(i => i.GetString()));
        await Post(staff, $"api/posts/{id}/submit", new { });
        await Post(people.Head.Client, $"api/posts/{id}/approve", new { });
        Assert.DoesNotContain(fixture.Graph.Published, p => p.Text == text);
        await Post(people.Chief.Client, $"api/posts/{id}/approve", new { });

        JsonElement post;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((post = await fixture.Host.Client.GetJson("api/posts/" + id)).GetProperty("status").GetString() != "published" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("published", post.GetProperty("status").GetString());
        var published = Assert.Single(fixture.Graph.Published, p => p.Text == text);
        var attached = fixture.Graph.AttachedMedia[published.Id];
        var uploaded = attached.Select(a => fixture.Graph.Photos.Single(p => p.Id == a)).ToList();
        Assert.Equal([png, jpeg], uploaded.Select(u => u.Bytes));
        Assert.Equal(["image/png", "image/jpeg"], uploaded.Select(u => u.ContentType));
        Assert.All(uploaded, u => Assert.False(u.Published));

        // The post's page shows the approved pictures, served from the service.
        using var browser = new Browser();
        await browser.SignIn(new Uri(fixture.Host.Host.BaseAddress, "posts/" + id), people.Head.Name);
        await browser.WaitUntil("[...document.querySelectorAll('#drafts img[data-image]')].filter(i => i.complete && i.naturalWidth > 0).length === 2", TimeSpan.FromSeconds(20));
        Assert.Equal(320L, browser.Script("return document.querySelector('#drafts img[data-image=\"' + arguments[0] + '\"]').naturalWidth;", images[0]));
    }
}
