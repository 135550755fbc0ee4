using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Crisis;

namespace LaoCaiFanpage.UnitTests.Crisis;

/// <summary>Sentiment of Vietnamese comments, with and without diacritics, in teencode, with negations.</summary>
public sealed class VietnameseSentimentTests
{
    private static readonly VietnameseSentiment Sentiment = new(VietnameseSentiment.Load(), new ProhibitedContentFilter(ProhibitedLexicon.Load()).Teencode);

    [Theory]
    [InlineData("Chính quyền quá vô trách nhiệm, dân bức xúc lắm rồi")]
    [InlineData("chinh quyen qua vo trach nhiem, dan buc xuc lam roi")]
    [InlineData("Cán bộ không nhiệt tình, hẹn mãi không giải quyết")]
    [InlineData("lam an nhu the nay thi ko tot chut nao")]
    [InlineData("Thật thất vọng về cách xử lý vụ sạt lở")]
    [InlineData("THAT THAT VONG VE CACH XU LY")]
    [InlineData("Dịch vụ công chưa hiệu quả, rất chậm trễ")]
    [InlineData("😡😡 làm ăn thế à")]
    [InlineData("Quan liêu, hách dịch, nhũng nhiễu dân")]
    [InlineData("Phản đối dự án này! Dân không đồng tình")]
    public void Negative_comments_are_negative(string text) => Assert.True(Sentiment.Score(text).IsNegative, $"{text}: {Sentiment.Score(text)}");

    [Theory]
    [InlineData("Cảm ơn cán bộ phường rất tận tình")]
    [InlineData("cam on can bo phuong rat tan tinh")]
    [InlineData("Dịch vụ không tệ, giải quyết khá nhanh chóng")]
    [InlineData("Kinh tế tỉnh phát triển tốt")]
    [InlineData("Hoan nghênh tỉnh đã xử lý kịp thời 👍")]
    public void Positive_comments_are_not_negative(string text)
    {
        var score = Sentiment.Score(text);
        Assert.False(score.IsNegative, $"{text}: {score}");
        Assert.True(score.Score > 0, $"{text}: {score}");
    }

    [Theory]
    [InlineData("Xin hỏi thủ tục cấp phép xây dựng nhà ở?")]
    [InlineData("Lịch tiếp công dân tháng 12 là ngày nào ạ?")]
    [InlineData("Please tell me the office hours")]
    public void Ordinary_questions_are_neutral(string text) => Assert.Equal(0, Sentiment.Score(text).Score);

    [Fact]
    public void A_negation_turns_approval_into_displeasure_and_displeasure_into_nothing()
    {
        Assert.True(Sentiment.Score("Tốt").Score > 0);
        Assert.True(Sentiment.Score("Không tốt").IsNegative);
        Assert.True(Sentiment.Score("Chẳng hài lòng chút nào").IsNegative);
        Assert.True(Sentiment.Score("Tệ").IsNegative);
        Assert.False(Sentiment.Score("Không tệ").IsNegative);
        Assert.Equal(["tốt"], Sentiment.Score("Phục vụ không tốt").Negative);
    }

    [Fact]
    public void The_writers_diacritics_decide_between_look_alike_words()
    {
        // "tế" (economy) is not "tệ" (bad); written bare, the letters are all there is.
        Assert.False(Sentiment.Score("Kinh tế").IsNegative);
        Assert.True(Sentiment.Score("Te qua").IsNegative);
    }

    [Fact]
    public void The_words_that_decided_are_reported()
    {
        var score = Sentiment.Score("Cán bộ thờ ơ, vô trách nhiệm");
        Assert.Equal(["vô trách nhiệm", "thờ ơ"], score.Negative);
        Assert.Equal(-3, score.Score);
    }
}
