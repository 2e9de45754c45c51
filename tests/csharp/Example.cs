// Example: trigger a Jenkins job from C#, follow its console and exit with its result, using
// JenkinsTrigger.cs (compile it in) and the native library in runtimes/<rid>/native/ beside
// the program, or in the module folder named by JENKINS_TRIGGER_MODULE.
//
//   mcs -out:trigger.exe Example.cs JenkinsTrigger.cs
//   JENKINS_URL=https://ci.example/jenkins/ JENKINS_USER_ID=deployer JENKINS_API_TOKEN=... \
//       mono trigger.exe "team/backend/Deploy Web" VERSION=2.3
//
// Exit codes: 0 SUCCESS, 1 UNSTABLE, 2 FAILURE, 3 NOT_BUILT, 4 ABORTED, 5 deadline passed,
// 6 queue item cancelled, 7 bad usage, 8 any other error.

using System;
using System.Collections.Specialized;
using System.Text;
using System.Threading;
using JenkinsTrigger;

internal static class Example
{
    private static int Main(string[] args)
    {
        string url = Environment.GetEnvironmentVariable("JENKINS_URL");
        string user = Environment.GetEnvironmentVariable("JENKINS_USER_ID");
        string token = Environment.GetEnvironmentVariable("JENKINS_API_TOKEN");
        if (args.Length < 1 || url == null || user == null || token == null)
        {
            Console.Error.WriteLine("usage: JENKINS_URL=... JENKINS_USER_ID=... JENKINS_API_TOKEN=... " +
                "trigger.exe <job> [NAME=VALUE ...]");
            return 7;
        }
        OrderedDictionary parameters = new OrderedDictionary();
        for (int i = 1; i < args.Length; i++)
        {
            int equals = args[i].IndexOf('=');
            if (equals <= 0)
            {
                Console.Error.WriteLine("trigger: a parameter is NAME=VALUE, not " + args[i]);
                return 7;
            }
            parameters[args[i].Substring(0, equals)] = args[i].Substring(equals + 1);
        }

        // Jenkins consoles are UTF-8; so is what this program writes, wherever it goes.
        Console.OutputEncoding = new UTF8Encoding(false);
        string module = Environment.GetEnvironmentVariable("JENKINS_TRIGGER_MODULE");
        NativeLibrary.Load(module ?? AppDomain.CurrentDomain.BaseDirectory);
        TimeSpan deadline = TimeSpan.FromMinutes(30);
        try
        {
            using (JenkinsClient client = new JenkinsClient(url))
            {
                client.SetApiToken(user, token);
                QueuedBuild queued = client.Trigger(args[0], parameters, -1, null);
                Console.Error.WriteLine("trigger: queued as item " + queued.QueueId);
                StartedBuild build = client.WaitForStart(queued.QueueId, deadline);
                Console.Error.WriteLine("trigger: started " + build.Url);

                // Short calls in a loop rather than one long wait: the program stays responsive.
                ulong start = 0;
                while (true)
                {
                    ConsoleChunk chunk = client.ReadConsole(build.Url, start);
                    Console.Out.Write(chunk.Text);
                    start = chunk.NextStart;
                    if (!chunk.More)
                    {
                        break;
                    }
                    Thread.Sleep(1000);
                }
                JtBuildResult result = client.WaitForBuild(build.Url, deadline);
                Console.Error.WriteLine("trigger: " + args[0] + " #" + build.Number + " finished: " + result);
                return (int)result - 1;
            }
        }
        catch (JenkinsException e)
        {
            Console.Error.WriteLine("trigger: " + e.Message);
            switch (e.Status)
            {
                case JtStatus.Timeout:
                    return 5;
                case JtStatus.Cancelled:
                    return 6;
                case JtStatus.InvalidArgument:
                    return 7;
                default:
                    return 8;
            }
        }
    }
}
