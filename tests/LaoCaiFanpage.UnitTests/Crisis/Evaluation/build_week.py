#!/usr/bin/env python3
"""Builds a held-out week of synthetic comment traffic for the crisis detector, with labelled incidents.

    python3 build_week.py        # writes week.tsv and incidents.tsv

Written apart from the detector and its tests: the comment texts and the shape of the week (a provincial page's
daily rhythm, four or five posts a day whose attention decays, six incidents the crisis officers must see and five
busy moments they need not) come from how such a page is used, not from the detector's thresholds or lexicons.
Never tune the detector on this week; it is for measuring detection delay and false alerts.

week.tsv: time (ISO 8601, +07:00), post id, comment text — in time order.
incidents.tsv: id, post id or "page", start, end, what happened.
"""
import datetime as dt
import math
import random
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
TZ = dt.timezone(dt.timedelta(hours=7))
WEEK = dt.datetime(2026, 11, 2, 0, 0, tzinfo=TZ)  # a Monday
rng = random.Random("lao-cai-crisis-week-2026-11")

ORDINARY = [
    "Cho em hỏi thủ tục này làm ở xã được không ạ?", "Cảm ơn trang đã thông tin kịp thời.", "Thông tin hữu ích quá.",
    "Mong tỉnh tiếp tục quan tâm bà con vùng cao.", "Xin hỏi bao giờ thì áp dụng ạ?", "Đã chia sẻ cho cả nhà cùng biết.",
    "Hay quá, ủng hộ tỉnh nhà.", "Ad cho hỏi xã em có trong danh sách không ạ?", "Cho mình xin số điện thoại bộ phận một cửa.",
    "Rất mong chủ trương sớm được triển khai.", "Năm nào cũng chờ tin này.", "Tuyệt vời, cảm ơn các cán bộ.",
    "Xin hỏi hồ sơ nộp online được không?", "Ở Bát Xát có áp dụng không ạ?", "Mình ở Sa Pa, đường vẫn đi bình thường nhé.",
    "Chúc mừng các em học sinh.", "Đề nghị đăng thêm hướng dẫn chi tiết.", "Cảm ơn ad đã trả lời.",
    "Năm nay thời tiết lạnh sớm, bà con giữ ấm nhé.", "Giá cả dịp này có tăng không ạ?",
]
MILD_COMPLAINTS = [
    "Thủ tục còn rườm rà quá.", "Làm mãi chưa xong, mong cán bộ hỗ trợ.", "Đường thôn em vẫn chưa sửa.",
    "Hỏi mấy lần rồi chưa thấy trả lời.", "Sao trang web dịch vụ công hay lỗi thế.",
]
INCIDENT_TEXTS = {
    "landslide": [
        "Thương quá, sạt lở vùi cả nhà, mong tìm thấy người mất tích.", "Sao không di dời dân sớm, để xảy ra tử vong thế này!",
        "Chính quyền ở đâu khi dân kêu cứu về sạt lở từ tuần trước?", "Xin chia buồn, vụ sạt lở quá đau lòng.",
        "Cảnh báo rồi mà không ai làm gì, vô trách nhiệm!", "Còn 2 người mất tích, đề nghị tăng cường lực lượng.",
        "Ai chịu trách nhiệm cho cái chết của bà con?", "sat lo nhu vay ma ko ai canh bao, buc xuc qua",
        "Khu đó sạt lở mấy năm nay rồi, giờ mới có người tử vong.", "Phẫn nộ! Tiền tái định cư đi đâu hết?",
    ],
    "corruption": [
        "Tiền đền bù bị ăn chặn, dân mất trắng!", "Tham nhũng trắng trợn, đề nghị khởi tố ngay.", "Cán bộ địa chính làm sai mà vẫn ngồi yên?",
        "Dân bị ép giá đền bù, quá bất công.", "Đề nghị công khai danh sách đền bù, nghi có tham nhũng.",
        "tham nhung ma ko ai bi xu ly, dan mat het niem tin", "Thật không thể chấp nhận nổi!", "Xấu hổ cho bộ máy!",
        "Bao nhiêu năm kiến nghị không ai giải quyết, phẫn nộ.", "Đề nghị thanh tra toàn bộ dự án này.",
    ],
    "school-violence": [
        "Xem clip mà sôi máu, bạo lực học đường ngay trong trường!", "Nhà trường ở đâu mà để học sinh đánh nhau như thế?",
        "Phải xử lý nghiêm vụ bạo lực học đường này.", "Thương cháu bé quá, phụ huynh nào chịu nổi.",
        "Giáo viên chủ nhiệm vô trách nhiệm.", "bao luc hoc duong ngay cang nhieu, buc xuc qua",
        "Đề nghị công an vào cuộc.", "Cần kỷ luật cả ban giám hiệu.", "Con tôi cũng từng bị bắt nạt ở trường này.",
    ],
    "water-cut": [
        "Mất nước ba ngày rồi, dân sống thế nào đây?", "Công ty cấp nước làm ăn kiểu gì vậy?", "Không ai thông báo gì, quá tệ!",
        "Trẻ con không có nước tắm, bức xúc vô cùng.", "mat nuoc 3 ngay ma ko ai tra loi, qua te", "Đề nghị lãnh đạo tỉnh vào cuộc ngay.",
        "Gọi tổng đài không ai nghe máy!", "Tiền nước vẫn thu đủ mà nước thì không có.",
    ],
    "gathering": [
        "Mai cả xã kéo lên huyện biểu tình phản đối cưỡng chế!", "Tụ tập đông người trước trụ sở đi bà con!", "Phải biểu tình thì họ mới nghe.",
        "Không trả đủ tiền thì không cho cưỡng chế.", "Dân bị dồn đến đường cùng rồi.", "bieu tinh thoi, noi mai ko ai nghe",
        "Đề nghị đối thoại với dân trước khi cưỡng chế.", "Cưỡng chế kiểu này là ép dân.",
    ],
    "food-poisoning": [
        "Cả họ bị ngộ độc sau đám cưới, đang cấp cứu.", "Ngộ độc thực phẩm mà không ai kiểm tra bếp?", "Bao nhiêu người phải nhập viện rồi?",
        "Đề nghị xử lý cơ sở nấu cỗ.", "Lo quá, con tôi cũng ăn ở đám đó.", "ngo doc nang, mong moi nguoi binh an",
        "Cơ quan y tế ở đâu?", "Thật đáng sợ, an toàn thực phẩm kém quá.",
    ],
}
NEGATIVE_MOMENTS = {
    "festival": ["Đẹp quá, tự hào Lào Cai!", "Mùa hoa năm nay tuyệt vời.", "Cuối tuần phải lên ngay.", "Ảnh đẹp xuất sắc.",
                 "Quê mình đẹp quá trời.", "dep qua, nhat dinh phai len", "Thương Sa Pa quá.", "Lễ hội năm nay đông vui thật."],
    "quiz": ["Đáp án B", "Tham gia ạ, đáp án B", "Đáp án A", "Em chọn B", "dap an B", "Tham gia cùng mọi người, B nhé."],
    "outage": ["Mất điện rồi.", "Bao giờ có điện lại ạ?", "Khu em cũng mất điện.", "Đang nấu cơm thì mất điện, buồn ghê.",
               "mat dien tu chieu roi"],
    "accident": ["Xin chia buồn với gia đình.", "Thương quá.", "Đường trơn mọi người cẩn thận.", "Cầu mong người bị thương mau khỏe.",
                 "Tai nạn thương tâm quá.", "thuong qua, moi nguoi di duong can than"],
    "football": ["Thua tiếc quá.", "Hiệp hai đá kém.", "Buồn ghê, năm sau cố lên.", "Trọng tài xử ép.", "Vẫn tự hào về đội nhà."],
}


def bare(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"))


def pick(texts):
    text = rng.choice(texts)
    return bare(text) if rng.random() < 0.15 else text


rows = []
incidents = []
post_serial = 0


def new_post(at):
    global post_serial
    post_serial += 1
    return f"post-{post_serial:03d}"


def spread(post, start, count, minutes, texts, ramp=False):
    """count comments on post from start over minutes: front-loaded, or rising when ramp."""
    for _ in range(count):
        u = rng.random()
        offset = minutes * (math.sqrt(u) if ramp else 1 - math.sqrt(1 - u))
        rows.append((start + dt.timedelta(minutes=offset), post, pick(texts)))


# The ordinary week: four or five posts a day, attention decaying over a few hours, a few complaints among them.
posts_by_day = {}
for day in range(7):
    date = WEEK + dt.timedelta(days=day)
    for hour in (7.5, 11, 16, 20) + ((9.5,) if rng.random() < 0.5 else ()):
        at = date + dt.timedelta(hours=hour, minutes=rng.randint(0, 20))
        post = new_post(at)
        posts_by_day.setdefault(day, []).append(post)
        for _ in range(rng.randint(15, 60)):
            offset = rng.expovariate(1 / 70)
            if offset < 600:
                text = pick(MILD_COMPLAINTS) if rng.random() < 0.15 else pick(ORDINARY)
                rows.append((at + dt.timedelta(minutes=offset), post, text))
    # Late comments on older posts through the day.
    for _ in range(rng.randint(40, 80)):
        at = date + dt.timedelta(minutes=rng.uniform(6 * 60, 23 * 60))
        post = rng.choice(sum((posts_by_day.get(d, []) for d in range(max(0, day - 2), day + 1)), []) or ["post-001"])
        rows.append((at, post, pick(ORDINARY)))


def incident(name, post, start, minutes, count, texts, ramp=False, share=0.75, description=""):
    end = start + dt.timedelta(minutes=minutes)
    for _ in range(count):
        u = rng.random()
        offset = minutes * (math.sqrt(u) if ramp else 1 - math.sqrt(1 - u))
        text = pick(texts) if rng.random() < share else pick(ORDINARY)
        rows.append((start + dt.timedelta(minutes=offset), post, text))
    incidents.append((name, post, start, end, description))


def moment(post, start, minutes, count, texts):
    spread(post, start, count, minutes, texts)


day = lambda d, h, m=0: WEEK + dt.timedelta(days=d, hours=h, minutes=m)

# Incidents the crisis officers must see.
p = new_post(day(1, 19, 30))
incident("landslide", p, day(1, 19, 40), 90, 260, INCIDENT_TEXTS["landslide"], description="Sạt lở có người chết và mất tích; dân phẫn nộ vì không được di dời")
p = new_post(day(2, 10, 0))
incident("corruption", p, day(2, 10, 15), 45, 120, INCIDENT_TEXTS["corruption"], description="Nghi ăn chặn tiền đền bù; phản ứng giận dữ trên một bài")
p = new_post(day(3, 20, 50))
incident("school-violence", p, day(3, 21, 0), 120, 230, INCIDENT_TEXTS["school-violence"], ramp=True, share=0.65,
         description="Clip bạo lực học đường lan truyền; bình luận tăng dần trong hai giờ")
# Anger spread over four of the week's older posts, none of them busy on its own.
start = day(4, 8, 30)
for older in posts_by_day[3][:4]:
    for _ in range(32):
        offset = rng.uniform(0, 50)
        text = pick(INCIDENT_TEXTS["water-cut"]) if rng.random() < 0.8 else pick(ORDINARY)
        rows.append((start + dt.timedelta(minutes=offset), older, text))
incidents.append(("water-cut", "page", start, start + dt.timedelta(minutes=50), "Mất nước ba ngày; giận dữ rải trên bốn bài cũ"))
p = new_post(day(5, 13, 50))
incident("gathering", p, day(5, 14, 0), 20, 45, INCIDENT_TEXTS["gathering"], share=0.8, description="Kêu gọi tụ tập, biểu tình phản đối cưỡng chế")
p = new_post(day(6, 20, 20))
incident("food-poisoning", p, day(6, 20, 30), 60, 70, INCIDENT_TEXTS["food-poisoning"], share=0.8, description="Ngộ độc tập thể sau đám cưới")

# Busy moments that are not crises.
moment(new_post(day(0, 19, 55)), day(0, 20, 0), 60, 450, NEGATIVE_MOMENTS["festival"])
moment(new_post(day(2, 14, 55)), day(2, 15, 0), 40, 300, NEGATIVE_MOMENTS["quiz"])
outage_post = posts_by_day[3][1]
moment(outage_post, day(3, 18, 0), 120, 25, NEGATIVE_MOMENTS["outage"])
moment(new_post(day(5, 8, 55)), day(5, 9, 0), 60, 80, NEGATIVE_MOMENTS["accident"])
moment(new_post(day(6, 10, 55)), day(6, 11, 0), 90, 100, NEGATIVE_MOMENTS["football"])

rows.sort(key=lambda r: r[0])
with open(HERE / "week.tsv", "w", encoding="utf-8") as out:
    out.write("# Built by build_week.py: time, post, comment. Held out from the crisis detector's tuning.\n")
    for at, post, text in rows:
        out.write(f"{at.isoformat(timespec='seconds')}\t{post}\t{text}\n")
with open(HERE / "incidents.tsv", "w", encoding="utf-8") as out:
    out.write("# Built by build_week.py: id, post or page, start, end, what happened.\n")
    for name, post, start, end, description in incidents:
        out.write(f"{name}\t{post}\t{start.isoformat(timespec='seconds')}\t{end.isoformat(timespec='seconds')}\t{description}\n")
print(len(rows), "comments,", len(incidents), "incidents")
