using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;

namespace LaoCaiFanpage.GrainTests;

public static class CaseCommands
{
    /// <summary>The command succeeded: its case.</summary>
    public static CaseSnapshot Ok(CaseCommandResult result)
    {
        Assert.Null(result.Refusal);
        return result.Case!;
    }

    /// <summary>The command was refused with this code (the message follows "code:").</summary>
    public static void Refused(string code, CaseCommandResult result)
    {
        Assert.Null(result.Case);
        Assert.Equal(code, result.Refusal?.Code);
    }

    /// <summary>Routing as the Editorial Board does it: a new case is classified (category 5, the Office approves) first.</summary>
    public static async Task<CaseCommandResult> ClassifyAndAssign(this ICommentThreadGrain grain, Assignment assignment, Actor actor)
    {
        if ((await grain.GetCase())?.Status == CaseStatus.New)
        {
            var classified = await grain.Classify(new Classification(5, Authorities.Office, null), actor);
            Assert.Null(classified.Refusal);
        }

        return await grain.Assign(assignment, actor);
    }
}
