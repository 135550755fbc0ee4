namespace LaoCaiFanpage.Silo.Hosting;

public static class Operations
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder) => builder;
}
