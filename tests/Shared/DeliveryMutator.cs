using System.Text;
using System.Text.Json.Nodes;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// Deterministic (seeded) mutations of valid deliveries: byte-level damage and structure-aware
/// replacements of values by values of other types, huge or hostile strings, deep nesting.
/// </summary>
public sealed class DeliveryMutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly JsonNode?[] HostileValues =
    [
        null, 0, -1, 1e308, long.MaxValue, "", " ", "<script>alert(1)</script>", "\u0000", "\uFFFF", "💥",
        "a b", "../../etc/passwd", new string('9', 400), "NaN", true, false,
    ];

    public IEnumerable<string> Corpus()
    {
        yield return MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Xin hỏi thủ tục đất đai ở Sa Pa?"));
        yield return MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Trả lời", parentId: MetaDeliveries.NewCommentId()));
        yield return MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Sửa", verb: "edited", editedAt: DateTimeOffset.UtcNow));
        yield return MetaDeliveries.Feed(MetaDeliveries.PagePost(MetaDeliveries.PageId + "_77", "Thông báo", "photo"));
        yield return MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger("7200000000000021", "m_fuzz", "Đề nghị xử lý"));
    }

    public byte[] Mutate(string valid)
    {
        return _random.Next(4) switch
        {
            0 => MutateBytes(Encoding.UTF8.GetBytes(valid)),
            _ => Encoding.UTF8.GetBytes(MutateStructure(valid)),
        };
    }

    private byte[] MutateBytes(byte[] bytes)
    {
        var list = new List<byte>(bytes);
        var edits = 1 + _random.Next(4);
        for (var i = 0; i < edits && list.Count > 0; i++)
        {
            var at = _random.Next(list.Count);
            switch (_random.Next(5))
            {
                case 0: list[at] = (byte)_random.Next(256); break;
                case 1: list.RemoveRange(at, Math.Min(list.Count - at, 1 + _random.Next(20))); break;
                case 2: list.InsertRange(at, list.GetRange(at, Math.Min(list.Count - at, 1 + _random.Next(40)))); break;
                case 3: list.Insert(at, (byte)"{}[]\",:\\"[_random.Next(8)]); break;
                default: list.RemoveRange(at, list.Count - at); break;
            }
        }

        return [.. list];
    }

    private string MutateStructure(string valid)
    {
        var root = JsonNode.Parse(valid)!;
        var nodes = new List<(JsonNode Parent, object Key)>();
        Collect(root, nodes);
        var edits = 1 + _random.Next(3);
        for (var i = 0; i < edits && nodes.Count > 0; i++)
        {
            var (parent, key) = nodes[_random.Next(nodes.Count)];
            var replacement = _random.Next(6) switch
            {
                0 => new JsonArray(),
                1 => new JsonObject(),
                2 => JsonValue.Create(new string('x', _random.Next(1, 70_000))),
                3 => Nest(_random.Next(1, 200)),
                _ => HostileValues[_random.Next(HostileValues.Length)]?.DeepClone(),
            };
            try
            {
                if (parent is JsonObject obj && key is string name)
                {
                    if (_random.Next(5) == 0)
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        obj[name] = replacement;
                    }
                }
                else if (parent is JsonArray array && key is int index && index < array.Count)
                {
                    array[index] = replacement;
                }
            }
            catch (InvalidOperationException)
            {
                // The node was detached by an earlier edit; skip it.
            }
        }

        return root.ToJsonString();
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    into.Add((obj, name));
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add((array, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }
}
