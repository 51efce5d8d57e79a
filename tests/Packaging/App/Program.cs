using PackageCheck;

// A worker built from the packages alone (tests/Packaging/check.sh): it sends words to the Kafka cluster inside the
// process and exits 0 once its table has counted every one of them.
string[] words = ["stream", "table", "agent", "timer", "record"];
const int Sent = 500;

await using var app = new Counter();
app.Settings.Broker = "embedded://";
await app.StartAsync();
for (var i = 0; i < Sent; i++)
{
    var word = words[i % words.Length];
    await app.Words.SendAsync(word, word);
}

var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
while (app.Counts.Sum(c => c.Value) < Sent && DateTime.UtcNow < deadline)
{
    await Task.Delay(50);
}

var counted = app.Counts.Sum(c => c.Value);
await app.StopAsync();
Console.WriteLine($"Sent {Sent} words; counted {counted}.");
return counted == Sent ? 0 : 1;
