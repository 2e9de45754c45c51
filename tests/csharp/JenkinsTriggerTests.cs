// Tests of powershell/JenkinsTrigger/JenkinsTrigger.cs against the Jenkins emulator, run under
// Mono by tests/interop/csharp.rs (which also sets up the emulator's users and jobs):
//
//   mcs -langversion:5 -out:tests.exe tests/csharp/JenkinsTriggerTests.cs <module>/JenkinsTrigger.cs
//   mono tests.exe <emulator base url> <module folder>
//
// C# 5 like the code under test, and no test framework: a tiny runner prints "ok - <name>" per
// test, stops at the first failure with a message and exit code 1, and ends with the line
// "N passed, 0 failed". Non-ASCII text is written as \u escapes so the file reads the same
// whatever encoding a tool assumes.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace JenkinsTrigger.Tests
{
    internal static class Program
    {
        // The emulator's users (tests/interop/csharp.rs, as tests/common/mod.rs).
        private const string User = "deployer";
        private const string Password = "pw-deployer";
        private const string Token = "11aa22bb33cc44dd55ee66ff77889900";
        private const string UnicodeUser = "j\u00fcrgen";
        private const string UnicodePassword = "p\u00e4ssw\u00f6rd\u20ac \u00fc:x";
        private const string Viewer = "viewer";
        private const string ViewerPassword = "pw-viewer";
        private const string WrongToken = "00000000000000000000000000000bad";
        private const string UrlPassword = "s3cret-in-url";
        private const string RemoteToken = "remote-trigger-secret";

        // The emulator's jobs.
        private const string ParamJob = "app-param";
        private const string QuickJob = "app";
        private const string UnicodeJob = "\u00c9quipe/D\u00e9ployer \u00fc";
        private const string LongJob = "long";
        private const string LabelledJob = "labelled";
        private const string DisabledJob = "off";
        private const string ParamValue = "2.3-\u00fc\u20ac \u65e5\u672c & =x";

        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

        private static string baseUrl;
        private static string moduleFolder;
        private static int passed;

        // Every exception text seen, checked for secrets at the end.
        private static readonly List<string> Seen = new List<string>();
        private static readonly List<string> Secrets = new List<string>
        {
            Password, Token, UnicodePassword, ViewerPassword, WrongToken, UrlPassword, RemoteToken
        };

        private static int Main(string[] args)
        {
            if (args.Length != 2)
            {
                Console.Error.WriteLine("usage: mono tests.exe <emulator base url> <module folder>");
                return 2;
            }
            baseUrl = args[0];
            moduleFolder = Path.GetFullPath(args[1]);

            Run("a missing library is a FileNotFoundException naming the path", MissingLibrary);
            Run("the library loads from runtimes/<rid>/native of the module", LoadsFromModule);
            Run("version and ABI version", Versions);
            Run("the public surface is the contract and the interop stays internal", PublicSurface);
            Run("trigger with UTF-8 parameters via API token, wait, result", TriggerWithParameters);
            Run("password auth with a UTF-8 user and password, crumb", UnicodePasswordAuth);
            Run("UTF-8 job name in a folder, quiet period 0, whole console", ConsoleToTheEnd);
            Run("stop a long build: Aborted", StopLongBuild);
            Run("cancel a queue item that cannot start: Timeout, Cancelled", CancelQueueItem);
            Run("quiet period and remote trigger token reach Jenkins; \"\" is no token", DelayAndToken);
            Run("invalid arguments: InvalidArgument, HTTP 0", InvalidArguments);
            Run("HTTP failures: Unauthorized, Forbidden, NotFound, Http 409, Connect", HttpFailures);
            Run("a disposed client throws ObjectDisposedException", Disposed);
            Run("Dispose while other threads call: they finish or see ObjectDisposedException",
                DisposeWhileInUse);
            Run("no secret in any exception", NoSecretInExceptions);
            Run("handles released: 10,000 clients and 20,000 failures", HandlesReleased);

            Console.WriteLine(passed + " passed, 0 failed");
            return 0;
        }

        private static void Run(string name, Action test)
        {
            try
            {
                test();
            }
            catch (Exception e)
            {
                Console.WriteLine("FAIL - " + name + ": " + e);
                Console.WriteLine(passed + " passed, 1 failed");
                Environment.Exit(1);
            }
            passed++;
            Console.WriteLine("ok - " + name);
        }

        // ---- loading ----

        private static void MissingLibrary()
        {
            string root = Path.Combine(Path.GetTempPath(), "jt-no-module-" + Guid.NewGuid().ToString("N"));
            string expected = Path.Combine(root, "runtimes", NativeLibrary.RuntimeId(), "native",
                NativeLibrary.FileName());
            try
            {
                NativeLibrary.Load(root);
                Fail("Load of an empty folder succeeded");
            }
            catch (FileNotFoundException e)
            {
                Equal(expected, e.FileName, "FileName");
                True(e.Message.Contains("'" + expected + "'"), "the message names the path: " + e.Message);
            }
        }

        private static void LoadsFromModule()
        {
            // What the module's resolution must give on this machine, from the kernel's view.
            string machine = Platform.RidArchitecture(Platform.Uname(4));
            string system = Platform.Uname(0);
            Equal("Linux", system, "uname system (these tests run on Linux)");
            Equal("linux-" + machine, NativeLibrary.RuntimeId(), "RuntimeId");
            Equal(machine, Platform.RuntimeArchitecture(), "RuntimeInformation and uname agree");
            Equal("libjenkins_trigger.so", NativeLibrary.FileName(), "FileName");

            string path = NativeLibrary.Load(moduleFolder);

            string rid = "linux-" + machine;
            Equal(Path.Combine(moduleFolder, "runtimes", rid, "native", "libjenkins_trigger.so"), path,
                "loaded path");
            Equal(path, NativeLibrary.Load(Path.GetTempPath()), "a second Load returns the first path");
        }

        private static void Versions()
        {
            Equal(1u, JenkinsClient.AbiVersion, "AbiVersion");
            True(Regex.IsMatch(JenkinsClient.Version, @"^\d+\.\d+\.\d+"), "Version " + JenkinsClient.Version);
        }

        private static void PublicSurface()
        {
            Assembly assembly = typeof(JenkinsClient).Assembly;
            string[] exported = assembly.GetExportedTypes()
                .Where(t => t.Namespace == "JenkinsTrigger")
                .Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Equal("BuildState ConsoleChunk Crumb JenkinsClient JenkinsException JtBuildResult JtStatus " +
                "NativeLibrary QueuedBuild StartedBuild", string.Join(" ", exported), "public types");

            string[] members = typeof(JenkinsClient)
                .GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static |
                    BindingFlags.DeclaredOnly)
                .Where(m => !(m is MethodInfo && ((MethodInfo)m).IsSpecialName))
                .Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Equal(".ctor AbiVersion CancelQueueItem Dispose GetBuild GetCrumb ReadConsole SetApiToken " +
                "SetBasicAuth SetCaFile SetInsecure SetPollInterval SetProxy SetTimeout StopBuild Trigger " +
                "Version WaitForBuild WaitForStart", string.Join(" ", members), "JenkinsClient members");

            string[] load = typeof(NativeLibrary).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Select(m => m.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Equal("FileName Load RuntimeId", string.Join(" ", load), "NativeLibrary methods");
        }

        // ---- the happy paths ----

        private static JenkinsClient TokenClient()
        {
            JenkinsClient client = new JenkinsClient(baseUrl);
            client.SetApiToken(User, Token);
            client.SetPollInterval(TimeSpan.FromMilliseconds(100));
            return client;
        }

        private static void TriggerWithParameters()
        {
            using (JenkinsClient client = TokenClient())
            {
                OrderedDictionary parameters = new OrderedDictionary();
                parameters.Add("VERSION", ParamValue);
                parameters.Add("DRY_RUN", true);

                QueuedBuild queued = client.Trigger(ParamJob, parameters, -1, null);

                True(queued.QueueId > 0, "queue id " + queued.QueueId);
                True(queued.QueueUrl.StartsWith(baseUrl, StringComparison.Ordinal) &&
                    queued.QueueUrl.EndsWith("/queue/item/" + queued.QueueId + "/", StringComparison.Ordinal),
                    "queue URL " + queued.QueueUrl);
                StartedBuild started = client.WaitForStart(queued.QueueId, Wait);
                Equal(1L, started.Number, "build number");
                Equal(baseUrl + "job/app-param/1/", started.Url, "build URL");
                Equal(JtBuildResult.Success, client.WaitForBuild(started.Url, Wait), "result");
                BuildState state = client.GetBuild(started.Url);
                Equal(false, state.Building, "building");
                Equal(JtBuildResult.Success, state.Result, "GetBuild result");
                // The emulator's record of the POST body is checked by tests/interop/csharp.rs.
            }
        }

        private static void UnicodePasswordAuth()
        {
            using (JenkinsClient client = new JenkinsClient(baseUrl))
            {
                client.SetBasicAuth(UnicodeUser, UnicodePassword);

                Crumb crumb = client.GetCrumb();

                True(crumb != null, "a crumb");
                Equal("Jenkins-Crumb", crumb.Field, "crumb field");
                True(!string.IsNullOrEmpty(crumb.Value), "a crumb value");
                Secrets.Add(crumb.Value);
                QueuedBuild queued = client.Trigger(QuickJob, null, 0, null);
                True(queued.QueueId > 0, "queue id");
                StartedBuild started = client.WaitForStart(queued.QueueId, Wait);
                Equal(JtBuildResult.Success, client.WaitForBuild(started.Url, Wait), "result");
            }
        }

        /// <summary>The console the emulator's UTF-8 job writes (tests/interop/csharp.rs builds
        /// the same text, with a console note and CRLF line ends), as the library hands it
        /// out.</summary>
        private static string ExpectedConsole()
        {
            StringBuilder text = new StringBuilder("Started by user deployer\n");
            for (int i = 1; i <= 40; i++)
            {
                text.Append("Gr\u00fc\u00dfe, Zeile " + i + " \u20ac \u65e5\u672c\n");
            }
            return text.Append("Finished: SUCCESS\n").ToString();
        }

        private static void ConsoleToTheEnd()
        {
            using (JenkinsClient client = TokenClient())
            {
                QueuedBuild queued = client.Trigger(UnicodeJob, null, 0, null);
                StartedBuild started = client.WaitForStart(queued.QueueId, Wait);

                StringBuilder text = new StringBuilder();
                ulong start = 0;
                int chunks = 0;
                DateTime deadline = DateTime.UtcNow + Wait;
                while (true)
                {
                    ConsoleChunk chunk = client.ReadConsole(started.Url, start);
                    chunks++;
                    text.Append(chunk.Text);
                    True(chunk.NextStart >= start, "NextStart goes forward");
                    start = chunk.NextStart;
                    if (!chunk.More)
                    {
                        break;
                    }
                    True(DateTime.UtcNow < deadline, "the console ends within " + Wait);
                    Thread.Sleep(100);
                }

                Equal(ExpectedConsole(), text.ToString(), "console text");
                True(chunks > 1, "read while the build ran (" + chunks + " chunks)");
                Equal(JtBuildResult.Success, client.WaitForBuild(started.Url, Wait), "result");
                ConsoleChunk after = client.ReadConsole(started.Url, start);
                Equal("", after.Text, "nothing after the end");
                Equal(false, after.More, "no more after the end");
            }
        }

        private static void StopLongBuild()
        {
            using (JenkinsClient client = TokenClient())
            {
                QueuedBuild queued = client.Trigger(LongJob, null, 0, null);
                StartedBuild started = client.WaitForStart(queued.QueueId, Wait);
                BuildState running = client.GetBuild(started.Url);
                Equal(true, running.Building, "building");
                Equal(JtBuildResult.None, running.Result, "no result yet");
                Throws(JtStatus.Timeout, 0,
                    () => client.WaitForBuild(started.Url, TimeSpan.FromMilliseconds(300)));

                client.StopBuild(started.Url);

                Equal(JtBuildResult.Aborted, client.WaitForBuild(started.Url, Wait), "result");
                Equal(JtBuildResult.Aborted, client.GetBuild(started.Url).Result, "GetBuild result");
            }
        }

        private static void CancelQueueItem()
        {
            using (JenkinsClient client = TokenClient())
            {
                QueuedBuild queued = client.Trigger(LabelledJob, null, 0, null);
                JenkinsException timeout = Throws(JtStatus.Timeout, 0,
                    () => client.WaitForStart(queued.QueueId, TimeSpan.FromMilliseconds(500)));
                True(timeout.Message.Contains("There are no nodes with the label"),
                    "Jenkins' reason in: " + timeout.Message);

                client.CancelQueueItem(queued.QueueId);

                Throws(JtStatus.Cancelled, 0, () => client.WaitForStart(queued.QueueId, Wait));
            }
        }

        private static void DelayAndToken()
        {
            using (JenkinsClient client = TokenClient())
            {
                // tests/interop/csharp.rs finds both in the POST's query.
                QueuedBuild delayed = client.Trigger(QuickJob, null, 60, RemoteToken);
                Throws(JtStatus.Timeout, 0,
                    () => client.WaitForStart(delayed.QueueId, TimeSpan.FromMilliseconds(300)));
                client.CancelQueueItem(delayed.QueueId);
                Throws(JtStatus.Cancelled, 0, () => client.WaitForStart(delayed.QueueId, Wait));

                QueuedBuild plain = client.Trigger(QuickJob, null, -1, "");
                StartedBuild started = client.WaitForStart(plain.QueueId, Wait);
                Equal(JtBuildResult.Success, client.WaitForBuild(started.Url, Wait), "result");
            }
        }

        // ---- failures ----

        private static void InvalidArguments()
        {
            using (JenkinsClient client = TokenClient())
            {
                Hashtable misspelt = new Hashtable();
                misspelt["VERSON"] = "1.0";
                JenkinsException e = Throws(JtStatus.InvalidArgument, 0,
                    () => client.Trigger(ParamJob, misspelt, -1, null));
                True(e.Message.Contains("VERSON") && e.Message.Contains("VERSION"),
                    "the message names the wrong and the defined names: " + e.Message);

                Throws(JtStatus.InvalidArgument, 0, () => client.SetApiToken("a:b", Token));
                Throws(JtStatus.InvalidArgument, 0, () => client.SetBasicAuth("a:b", Password));
                Throws(JtStatus.InvalidArgument, 0, () => client.SetBasicAuth(null, Password));
                Throws(JtStatus.InvalidArgument, 0, () => client.Trigger(null, null, -1, null));
                Throws(JtStatus.InvalidArgument, 0, () => client.SetTimeout(TimeSpan.Zero));
                Throws(JtStatus.InvalidArgument, 0, () => client.SetTimeout(TimeSpan.FromSeconds(-1)));
                Throws(JtStatus.InvalidArgument, 0,
                    () => client.SetPollInterval(TimeSpan.FromMilliseconds(1)));
                Throws(JtStatus.InvalidArgument, 0, () => client.SetCaFile("/nonexistent/ca.pem"));
                Throws(JtStatus.InvalidArgument, 0, () => client.Trigger(QuickJob, null, -2, null));
                Hashtable nullValue = new Hashtable();
                nullValue["VERSION"] = null;
                Throws(JtStatus.InvalidArgument, 0, () => client.Trigger(ParamJob, nullValue, -1, null));
                // Refused by the wrapper: a C string would end at the NUL and cut the secret.
                Throws(JtStatus.InvalidArgument, 0, () => client.SetBasicAuth(User, Password + "\0tail"));
                Throws(JtStatus.InvalidArgument, 0, () => client.SetApiToken(User, Token + "\ud800"));
            }
            Throws(JtStatus.InvalidArgument, 0, () => new JenkinsClient("not a url"));
            Throws(JtStatus.InvalidArgument, 0, () => new JenkinsClient(null));
            Throws(JtStatus.InvalidArgument, 0,
                () => new JenkinsClient("http://deployer:" + UrlPassword + "@127.0.0.1/"));
        }

        private static void HttpFailures()
        {
            using (JenkinsClient wrong = new JenkinsClient(baseUrl))
            {
                wrong.SetApiToken(User, WrongToken);
                Throws(JtStatus.Unauthorized, 401, () => wrong.Trigger(QuickJob, null, -1, null));
            }
            using (JenkinsClient viewer = new JenkinsClient(baseUrl))
            {
                viewer.SetBasicAuth(Viewer, ViewerPassword);
                Throws(JtStatus.Forbidden, 403, () => viewer.Trigger(QuickJob, null, -1, null));
            }
            using (JenkinsClient client = TokenClient())
            {
                JenkinsException missing = Throws(JtStatus.NotFound, 404,
                    () => client.Trigger("no such job", null, -1, null));
                True(missing.Message.Contains("no%20such%20job"),
                    "the message shows the URL: " + missing.Message);
                Throws(JtStatus.Http, 409, () => client.Trigger(DisabledJob, null, -1, null));
                Throws(JtStatus.NotFound, 404, () => client.GetBuild(baseUrl + "job/app/999/"));
                Throws(JtStatus.NotFound, 404, () => client.CancelQueueItem(999999));
            }
            using (JenkinsClient closed = new JenkinsClient("http://127.0.0.1:" + ClosedPort() + "/"))
            {
                closed.SetTimeout(TimeSpan.FromSeconds(5));
                Throws(JtStatus.Connect, 0, () => closed.Trigger(QuickJob, null, -1, null));
            }
        }

        /// <summary>A port on 127.0.0.1 that nothing listens on: one the system just gave out
        /// and took back.</summary>
        private static int ClosedPort()
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static void Disposed()
        {
            JenkinsClient client = TokenClient();
            client.Dispose();
            client.Dispose();

            Action[] calls =
            {
                () => client.SetBasicAuth(User, Password),
                () => client.SetApiToken(User, Token),
                () => client.SetTimeout(TimeSpan.FromSeconds(1)),
                () => client.SetCaFile("/nonexistent/ca.pem"),
                () => client.SetInsecure(true),
                () => client.SetProxy(""),
                () => client.SetPollInterval(TimeSpan.FromSeconds(1)),
                () => client.GetCrumb(),
                () => client.Trigger(QuickJob, null, -1, null),
                () => client.WaitForStart(1, Wait),
                () => client.GetBuild(baseUrl + "job/app/1/"),
                () => client.WaitForBuild(baseUrl + "job/app/1/", Wait),
                () => client.ReadConsole(baseUrl + "job/app/1/", 0),
                () => client.StopBuild(baseUrl + "job/app/1/"),
                () => client.CancelQueueItem(1)
            };
            foreach (Action call in calls)
            {
                try
                {
                    call();
                    Fail("a call on a disposed client succeeded");
                }
                catch (ObjectDisposedException e)
                {
                    Equal("JenkinsTrigger.JenkinsClient", e.ObjectName, "ObjectName");
                }
            }
        }

        private static void DisposeWhileInUse()
        {
            JenkinsClient client = TokenClient();
            // Build 1 of app, from the password test: finished, so each call is one request.
            string url = baseUrl + "job/app/1/";
            int calls = 0;
            int refused = 0;
            Exception unexpected = null;
            DateTime deadline = DateTime.UtcNow + Wait;
            Thread[] threads = new Thread[4];
            for (int i = 0; i < threads.Length; i++)
            {
                // Each thread calls until the client is disposed under it.
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        while (DateTime.UtcNow < deadline)
                        {
                            Equal(JtBuildResult.Success, client.GetBuild(url).Result, "result");
                            Interlocked.Increment(ref calls);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    catch (Exception e)
                    {
                        unexpected = e;
                    }
                });
                threads[i].Start();
            }

            while (Thread.VolatileRead(ref calls) < 20 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1);
            }
            client.Dispose();
            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            True(unexpected == null, "a call failed otherwise: " + unexpected);
            Equal(threads.Length, refused, "threads that met ObjectDisposedException (after " + calls +
                " calls)");
        }

        private static void NoSecretInExceptions()
        {
            True(Seen.Count >= 25, "exceptions seen: " + Seen.Count);
            foreach (string text in Seen)
            {
                foreach (string secret in Secrets)
                {
                    if (text.Contains(secret))
                    {
                        Fail("a secret leaked into: " + text);
                    }
                }
            }
        }

        // ---- handles ----

        // Method: the resident set size (VmRSS in /proc/self/status; Process.WorkingSet64 where
        // there is no /proc) after GC.Collect and the finalizers, measured after a warm-up round
        // and again after 10,000 clients (9,000 disposed, 1,000 left to the SafeHandle's
        // finalizer) and 20,000 caught failures. A leaked native client holds the 4 KB user name
        // given to it, a leaked error the 4 KB path its message quotes, so 10,000 leaks of
        // either add 40 MB or more; the slack of 16 MB absorbs the runtime's own growth (JIT,
        // heap segments; about 1 MB here).
        private static void HandlesReleased()
        {
            Cycles(500);
            long before = ResidentBytes();
            Stopwatch watch = Stopwatch.StartNew();

            Cycles(10000);

            long after = ResidentBytes();
            long growth = after - before;
            Console.WriteLine("# resident " + before / 1024 + " KiB -> " + after / 1024 + " KiB (" +
                (growth >= 0 ? "+" : "") + growth / 1024 + " KiB) in " + watch.ElapsedMilliseconds + " ms");
            True(growth < 16L << 20, "resident memory grew by " + growth / 1024 + " KiB");
        }

        private static void Cycles(int count)
        {
            // The failure message quotes this path, and the client keeps this user name, so a
            // leaked error or client holds 4 KB more than it would with short texts.
            string missingCa = "/nonexistent/" + new string('x', 4000) + ".pem";
            string longUser = User + new string('x', 4000);
            for (int i = 0; i < count; i++)
            {
                JenkinsClient client = new JenkinsClient(baseUrl);
                client.SetApiToken(longUser, Token);
                Expect(JtStatus.InvalidArgument, () => client.SetCaFile(missingCa));
                if (i % 10 == 0)
                {
                    // Every tenth client is left to the SafeHandle's finalizer.
                    client = null;
                }
                else
                {
                    client.Dispose();
                }
                // A constructor that fails must not leave a handle behind either.
                Expect(JtStatus.InvalidArgument, () => new JenkinsClient("ftp://127.0.0.1/"));
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        /// <summary>Like <see cref="Throws"/> without recording, for the loops.</summary>
        private static void Expect(JtStatus status, Action action)
        {
            try
            {
                action();
            }
            catch (JenkinsException e)
            {
                if (e.Status != status)
                {
                    throw;
                }
                return;
            }
            Fail("expected " + status + ", but the call succeeded");
        }

        private static long ResidentBytes()
        {
            if (File.Exists("/proc/self/status"))
            {
                foreach (string line in File.ReadAllLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        string kib = line.Substring(6).Trim().Split(' ')[0];
                        return long.Parse(kib) * 1024;
                    }
                }
            }
            Process self = Process.GetCurrentProcess();
            self.Refresh();
            return self.WorkingSet64;
        }

        // ---- assertions ----

        /// <summary>Runs <paramref name="action"/>, which must throw a JenkinsException with
        /// exactly this status and HTTP status; records its text for the secret check.</summary>
        private static JenkinsException Throws(JtStatus status, int httpStatus, Action action)
        {
            try
            {
                action();
            }
            catch (JenkinsException e)
            {
                Seen.Add(e.ToString());
                if (e.Status != status || e.HttpStatus != httpStatus)
                {
                    Fail("expected " + status + " (HTTP " + httpStatus + "), got " + e.Status + " (HTTP " +
                        e.HttpStatus + "): " + e.Message);
                }
                True(!string.IsNullOrEmpty(e.Message), "a message");
                return e;
            }
            Fail("expected " + status + " (HTTP " + httpStatus + "), but the call succeeded");
            return null;
        }

        private static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                Fail(what + ": expected <" + expected + ">, got <" + actual + ">");
            }
        }

        private static void True(bool condition, string what)
        {
            if (!condition)
            {
                Fail(what);
            }
        }

        private static void Fail(string message)
        {
            throw new TestFailure(message);
        }

        private sealed class TestFailure : Exception
        {
            public TestFailure(string message)
                : base(message)
            {
            }
        }
    }
}
