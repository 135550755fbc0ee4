namespace LaoCaiFanpage.Silo.Http;

/// <summary>
/// What an endpoint that reads its body itself (a picture, a CSV file) takes, for the API description only: unlike
/// <c>Accepts</c>, it does not take part in routing, so a wrong type still gets the endpoint's own 415 problem.
/// </summary>
public sealed record RequestContent(params string[] Types);
