#!/usr/bin/env python3
"""Attributes the CPU samples of a JFR recording of the sample app to the positions of its
Spring Security filter chain, to tell what each filter costs, its Micrometer observation events
included, as a share of the request threads' samples (a share stays comparable between two
instances even when other load on the machine changes their speed).

Record with a deep enough stack, e.g. start the instance with
  -XX:FlightRecorderOptions:stackdepth=512
and while wrk drives it
  jcmd <pid> JFR.start name=p settings=profile filename=on.jfr ... jcmd <pid> JFR.stop name=p
then: python3 benchmarks/wrk/jfr-chain.py on.jfr

The position of a sample is the number of ObservationFilterChainDecorator$ObservationFilter
.wrapFilter frames on its stack (Spring Security wraps each filter when an ObservationRegistry
exists, as with the Actuator); a sample inside the wrapped filter's own code counts as its body,
one in the wrapper's before/after events as its observation cost. Samples below the last filter
(MVC, the controller, writing the response) and outside the chain (Tomcat, servlet filters) are
counted apart."""
import collections
import json
import subprocess
import sys

WRAP = 'org.springframework.security.web.ObservationFilterChainDecorator$ObservationFilter.wrapFilter'
OURS = ('AutoLogoutFilter', 'AccountStatusFilter', 'ClientDetailsFilter')


def frames(event):
    trace = event['values'].get('stackTrace')
    if not trace:
        return None
    return [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in trace['frames']]


def main(path):
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '512', '--events', 'jdk.ExecutionSample', path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)['recording']['events']
    outside = collections.Counter()
    body = collections.Counter()
    observation = collections.Counter()
    names = {}
    notify = n = truncated = 0
    for event in events:
        fs = frames(event)
        if fs is None:
            continue
        if not any(x.startswith(('org.apache.catalina', 'org.apache.tomcat', 'org.apache.coyote')) for x in fs):
            outside['not a request thread'] += 1
            n += 1
            continue
        n += 1
        truncated += bool(event['values']['stackTrace'].get('truncated'))
        notify += any('Request.notifyAttribute' in x for x in fs)
        wraps = [i for i, x in enumerate(fs) if x == WRAP]
        if not wraps:
            outside['outside the security chain (Tomcat, servlet filters)'] += 1
            continue
        position, inner = len(wraps), fs[:wraps[0]]
        if any('FilterChainProxy$VirtualFilterChain' in x or 'DispatcherServlet' in x for x in inner):
            outside['after the security chain (MVC, controller, response)'] += 1
            continue
        if inner and 'Observation' not in inner[-1] and not inner[-1].startswith('io.micrometer'):
            body[position] += 1
            for x in reversed(inner):
                owner, method = x.rsplit('.', 1)
                if method in ('doFilter', 'doFilterInternal') and not owner.endswith(('OncePerRequestFilter', 'GenericFilterBean')):
                    names.setdefault(position, collections.Counter())[owner.rsplit('.', 1)[1]] += 1
                    break
        else:
            observation[position] += 1
    print(f'{path}: {n} samples ({truncated} with truncated stacks: record with a deeper stackdepth if not 0)')
    for what, count in outside.most_common():
        print(f'  {count:6d} {100 * count / n:5.1f}%  {what}')
    print('  position  filter                                  body           observation events')
    for position in sorted(set(body) | set(observation)):
        name = names.get(position, collections.Counter()).most_common(1)
        name = name[0][0] if name else '?'
        print(f'  {position:8d}  {name:38s} {body[position]:5d} {100 * body[position] / n:5.1f}%   {observation[position]:5d} {100 * observation[position] / n:5.1f}%')
    ours = [p for p, c in names.items() if c.most_common(1)[0][0] in OURS]
    b, o = sum(body[p] for p in ours), sum(observation[p] for p in ours)
    print(f'  autologout filters at {sorted(ours)}: body {100 * b / n:.1f}% + observation {100 * o / n:.1f}% = {100 * (b + o) / n:.1f}% of the samples')
    print(f'  samples in Tomcat Request.notifyAttribute* (request attribute events): {notify} ({100 * notify / n:.1f}%)')


if __name__ == '__main__':
    for path in sys.argv[1:]:
        main(path)
