using FaustGen.Testing;

namespace FaustWorker.Tests;

/// <summary>The app on a private in-memory broker (<see cref="AppTestContext"/>): events go in, each call waits until
/// the agents have processed them, then the tables and topics are read.</summary>
public sealed class WorkerAppTests
{
    [Fact]
    public async Task Orders_add_up_per_customer()
    {
        var app = new WorkerApp();
        await using var test = await AppTestContext.StartAsync(app);

        await test.PutAsync(app.Orders, "ada", new Order("ada", "notebook", 2));
        await test.PutAsync(app.Orders, "ada", new Order("ada", "pencil", 3));
        await test.PutAsync(app.Orders, "grace", new Order("grace", "compiler", 1));

        Assert.Equal(5, app.ItemsByCustomer["ada"]);
        Assert.Equal(1, app.ItemsByCustomer["grace"]);
        Assert.Equal(0, app.ItemsByCustomer["nobody"]);
        Assert.Equal(new KeyValuePair<string, long>("ada", 5), test.Sent(app.ItemsByCustomer.Changelog).Last(c => c.Key == "ada"));
    }
}
