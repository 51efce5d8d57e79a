using FaustGen;
using Microsoft.Extensions.Logging;

namespace FaustWorker;

/// <summary>
/// Adds up the items each customer orders. Orders are keyed by customer, so all of a customer's orders reach the
/// worker that holds the customer's total.
/// </summary>
[App("faust-worker", Broker = "embedded://", ValueSerializer = "json")]
public sealed partial class WorkerApp
{
    private ILogger? logger;

    [Topic("orders")]
    public partial Topic<string, Order> Orders { get; }

    [Table("items-by-customer", Default = 0L, Help = "Items ordered per customer")]
    public partial Table<string, long> ItemsByCustomer { get; }

    /// <summary>Adds an order to its customer's total (and to the table's changelog).</summary>
    [Agent("orders")]
    public void Add(Order order) => ItemsByCustomer[order.Customer] += order.Quantity;

    /// <summary>Places a few orders when the app runs on the in-process cluster, so a first run has something to
    /// count. Remove it once real orders arrive.</summary>
    [StartupTask]
    public async Task PlaceSampleOrdersAsync(CancellationToken cancellationToken)
    {
        if (!Settings.Broker.StartsWith("embedded://", StringComparison.Ordinal))
        {
            return;
        }

        Order[] samples = [new("ada", "notebook", 2), new("grace", "compiler", 1), new("ada", "pencil", 3)];
        foreach (var order in samples)
        {
            await Orders.SendAsync(order.Customer, order, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Logs the totals this worker holds.</summary>
    [Timer(5)]
    public void Report()
    {
        logger ??= LoggerFactory.CreateLogger<WorkerApp>();
        var top = string.Join(", ", ItemsByCustomer.OrderByDescending(c => c.Value).Take(5).Select(c => $"{c.Key}={c.Value}"));
        LogTotals(logger, ItemsByCustomer.Count, top);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Customers} customers on this worker; most items: {Top}")]
    private static partial void LogTotals(ILogger logger, long customers, string top);
}
