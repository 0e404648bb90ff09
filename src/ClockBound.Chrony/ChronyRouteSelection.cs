using System.Text;

namespace ClockBound.Chrony;

/// <summary>
/// Picks the way a read-only query reaches chronyd, as chronyc does: the Unix socket, and when
/// it cannot be opened (missing, or closed to this user) the UDP routes in order. Pure logic
/// over the routes given.
/// </summary>
/// <remarks>
/// Once the Unix socket is open, its failures are final: chronyd is there and answered badly, or
/// hangs, and the UDP port of the same chronyd would do no better. A UDP route that fails in
/// any way (a closed port, no IPv6, no answer) gives way to the next one.
/// </remarks>
internal static class ChronyRouteSelection
{
    /// <summary>Runs <paramref name="query"/> over the first route that can answer it.</summary>
    /// <exception cref="ChronyException">
    /// No route answered: the first route's failure (its <see cref="ChronyException.Kind"/>, the
    /// real cause) with each other route's failure appended to the message.
    /// </exception>
    public static ChronyQueryResult<T> Run<TClient, T>(IReadOnlyList<ChronyRoute<TClient>> routes, Func<TClient, T> query)
        where TClient : IDisposable
    {
        ArgumentOutOfRangeException.ThrowIfZero(routes.Count);
        ChronyException? unixFailure = null;
        var failures = new List<(ChronyRoute<TClient> Route, ChronyException Error)>();
        foreach (ChronyRoute<TClient> route in routes)
        {
            TClient client;
            try
            {
                client = route.Open();
            }
            catch (ChronyException e)
            {
                failures.Add((route, e));
                unixFailure ??= route.Transport == ChronyTransport.UnixSocket ? e : null;
                continue;
            }

            using (client)
            {
                try
                {
                    return new ChronyQueryResult<T>(query(client), route.Transport, route.Server, unixFailure);
                }
                catch (ChronyException e) when (route.Transport == ChronyTransport.Udp)
                {
                    failures.Add((route, e));
                }
            }
        }

        throw Combine(failures);
    }

    private static ChronyException Combine<TClient>(List<(ChronyRoute<TClient> Route, ChronyException Error)> failures)
        where TClient : IDisposable
    {
        ChronyException first = failures[0].Error;
        if (failures.Count == 1)
        {
            return first;
        }

        var message = new StringBuilder(first.Message);
        message.Append("; over UDP too: ");
        for (int i = 1; i < failures.Count; i++)
        {
            message.Append(i > 1 ? "; " : "").Append(failures[i].Route.Server).Append(": ").Append(failures[i].Error.Message);
        }
        return new ChronyException(first.Kind, message.ToString(), first);
    }
}
