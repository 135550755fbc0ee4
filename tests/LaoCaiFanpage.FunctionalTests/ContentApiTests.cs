using System.Net;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary><c>POST /api/content/check</c> on the real host: the documented response, and hostile bodies.</summary>
[Collection(HostCollection.Name)]
public sealed class ContentApiTests(HostFixture fixture)
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> Check(string json)
    {
        using var response = await fixture.Client.PostAsync("api/content/check", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_tcvn3_text_comes_back_converted_with_the_finding()
    {
        var (status, body) = await Check(JsonSerializer.Serialize(new { text = "TiÕng ViÖt cã 29 ch÷ c¸i" }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Tiếng Việt có 29 chữ cái", body.GetProperty("converted").GetString());
        Assert.False(body.GetProperty("passes").GetBoolean());
        var issue = Assert.Single(body.GetProperty("issues").EnumerateArray());
        Assert.Equal(("legacy-encoding", "TCVN3", 0, 24), (issue.GetProperty("kind").GetString(), issue.GetProperty("category").GetString(),
            issue.GetProperty("start").GetInt32(), issue.GetProperty("length").GetInt32()));
        Assert.Contains("Unicode", issue.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_kind_of_finding_is_reported_with_its_position()
    {
        var decomposed = "Sở Xây dựng".Normalize(NormalizationForm.FormD);
        var (_, nfc) = await Check(JsonSerializer.Serialize(new { text = decomposed + " trả lời." }));
        Assert.Equal("not-nfc", Assert.Single(nfc.GetProperty("issues").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal("Sở Xây dựng trả lời.", nfc.GetProperty("normalized").GetString());
        Assert.True(nfc.GetProperty("passes").GetBoolean());

        var (_, bare) = await Check("""{"text": "Xin chao, toi muon hoi ve thu tuc dang ky kinh doanh"}""");
        Assert.Equal("unaccented", Assert.Single(bare.GetProperty("issues").EnumerateArray()).GetProperty("kind").GetString());

        const string offer = "Cần bán pháo nổ giá rẻ, ib ngay";
        var (_, prohibited) = await Check(JsonSerializer.Serialize(new { text = offer }));
        var hit = Assert.Single(prohibited.GetProperty("issues").EnumerateArray());
        Assert.Equal(("prohibited", "12.2.đ"), (hit.GetProperty("kind").GetString(), hit.GetProperty("category").GetString()));
        Assert.Equal("pháo nổ", offer.Substring(hit.GetProperty("start").GetInt32(), hit.GetProperty("length").GetInt32()));

        var (_, source) = await Check("""{"text": "Tỉnh điều chỉnh giờ làm việc mùa đông.", "category": 3}""");
        Assert.Equal("missing-source", Assert.Single(source.GetProperty("issues").EnumerateArray()).GetProperty("kind").GetString());
        var (_, cited) = await Check("""{"text": "Tỉnh điều chỉnh giờ làm việc mùa đông.", "category": 3, "sources": ["Quyết định 12/2026/QĐ-UBND"]}""");
        Assert.Empty(cited.GetProperty("issues").EnumerateArray());

        var (_, english) = await Check("""{"text": "Please contact the one-stop office for more information."}""");
        Assert.Empty(english.GetProperty("issues").EnumerateArray());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"text": 5}""")]
    [InlineData("""{"text": null}""")]
    [InlineData("""{"text": "x", "category": 9}""")]
    [InlineData("""{"text": "x", "category": "1"}""")]
    [InlineData("""{"text": "x", "sources": "Quyết định"}""")]
    [InlineData("""{"text": "x", "sources": [1]}""")]
    [InlineData("""["text"]""")]
    [InlineData("""{"text": "unterminated""")]
    [InlineData("""{"text": "\uD800"}""")]
    public async Task Invalid_bodies_get_a_400_problem(string json)
    {
        var (status, body) = await Check(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Oversized_and_non_json_bodies_are_refused()
    {
        var (tooLong, _) = await Check(JsonSerializer.Serialize(new { text = new string('a', 8001) }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        using var form = await fixture.Client.PostAsync("api/content/check", new StringContent("text=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        using var huge = await fixture.Client.PostAsync("api/content/check", new StringContent(JsonSerializer.Serialize(new { text = new string('a', 70_000) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task Html_in_the_text_comes_back_as_data_not_markup()
    {
        var (status, body) = await Check(JsonSerializer.Serialize(new { text = "<script>alert(1)</script> Bán ma túy giá rẻ" }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("<script>alert(1)</script> Bán ma túy giá rẻ", body.GetProperty("normalized").GetString());
    }
}
