using System.Globalization;
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

        // An answer under a comment carries one picture, the same way (attachment_id); a Messenger answer none.
        var caseId = await NewComment(fixture.Host.Client, "Xin sơ đồ tuyến xe buýt mới");
        await Post(staff, $"api/threads/{caseId}/classify", new { category = 5, authority = "office" });
        await Post(staff, $"api/threads/{caseId}/assign", new { units = new[] { people.OfficerUnit }, complexity = "own" });
        Assert.Equal("too-many-images", (await Post(staff, $"api/threads/{caseId}/drafts", new { text = "Sơ đồ đính kèm", images }, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await Post(staff, $"api/threads/{caseId}/drafts", new { text = "Sơ đồ tuyến mới đính kèm.", images = new[] { images[1] } });
        await Post(staff, $"api/threads/{caseId}/submit", new { });
        await Post(people.Head.Client, $"api/threads/{caseId}/approve", new { });
        await Post(people.Chief.Client, $"api/threads/{caseId}/approve", new { });
        await WaitForStatus(fixture.Host.Client, caseId, "published");
        var reply = Assert.Single(fixture.Graph.Published, p => p.Target == caseId);
        Assert.Equal(jpeg, fixture.Graph.Photos.Single(p => p.Id == Assert.Single(fixture.Graph.AttachedMedia[reply.Id])).Bytes);

        var psid = "75" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
        await fixture.Host.Client.DeliverOk(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "m_" + psid + "_1", "Cho xin sơ đồ")));
        var messengerCase = Uri.EscapeDataString($"messenger:{MetaDeliveries.PageId}:{psid}");
        await Post(staff, $"api/threads/{messengerCase}/classify", new { category = 5, authority = "office" });
        await Post(staff, $"api/threads/{messengerCase}/assign", new { units = new[] { people.OfficerUnit }, complexity = "own" });
        Assert.Equal("images-not-supported", (await Post(staff, $"api/threads/{messengerCase}/drafts", new { text = "Sơ đồ", images = new[] { images[1] } }, HttpStatusCode.Conflict))
            .GetProperty("code").GetString());

        // The post's page shows the approved pictures, served from the service.
        using var browser = new Browser();
        await browser.SignIn(new Uri(fixture.Host.Host.BaseAddress, "posts/" + id), people.Head.Name);
        await browser.WaitUntil("[...document.querySelectorAll('#drafts img[data-image]')].filter(i => i.complete && i.naturalWidth > 0).length === 2", TimeSpan.FromSeconds(20));
        Assert.Equal(320L, browser.Script("return document.querySelector('#drafts img[data-image=\"' + arguments[0] + '\"]').naturalWidth;", images[0]));

        // And the case's page shows its answer's picture.
        browser.Driver.Navigate().GoToUrl(new Uri(fixture.Host.Host.BaseAddress, "cases/" + caseId));
        await browser.WaitUntil("[...document.querySelectorAll('#drafts img[data-image]')].some(i => i.complete && i.naturalWidth > 0 && i.dataset.image === arguments[0])", TimeSpan.FromSeconds(20), images[1]);

        // The reply comes back by webhook with its picture: the wall's feed says it carries one.
        var echo = MetaDeliveries.Comment(reply.Id, reply.Text, fromId: MetaDeliveries.PageId, fromName: "UBND tỉnh Lào Cai", parentId: caseId);
        echo["value"]!["photo"] = "https://scontent.example/anh-" + reply.Id + ".jpg";
        await fixture.Host.Client.DeliverOk(MetaDeliveries.Feed(echo));
        browser.Driver.Navigate().GoToUrl(fixture.Host.Host.BaseAddress);
        await browser.WaitUntil("[...document.querySelectorAll('#feed li')].some(li => li.textContent.includes(arguments[0]) && li.textContent.includes('📷 1 ảnh'))", TimeSpan.FromSeconds(20), reply.Text);
    }
}
