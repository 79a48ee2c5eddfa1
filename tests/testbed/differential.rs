//! The differential check (issue 9, part 4): one recorded sequence of the requests the app and
//! kubectl make is sent to the sandbox and to the real control plane (the test bed); answers
//! are normalised and compared. Prints `N requests, M identical`; any difference not on
//! `ALLOWED` fails the test.

use showrunner_testkit as common;

use common::differential::compare::{Allowed, Difference, differences};
use common::differential::normalise::normalise;
use common::differential::sequence::{expired, sequence};
use common::differential::side::Side;
use common::differential::{Reply, Step};
use common::testbed;

/// This module's shared test bed: the sequence writes to it, so no other module's tests read it.
const BED: &str = "differential";

/// Differences that are acceptable, each with the reason.
const ALLOWED: &[Allowed] = &[
    Allowed {
        step: "*",
        path: ".resources[*].verbs",
        why: "the sandbox does not implement deletecollection (DELETE on a collection), so it \
              does not advertise the verb; kubectl delete --all deletes one by one",
    },
    Allowed {
        step: "*",
        path: ".columnDefinitions[*].description",
        why: "column descriptions are documentation (the real server copies the OpenAPI field \
              docs); kubectl and the app never show them",
    },
    Allowed {
        step: "create-promotion-without-steps",
        path: "",
        why: "real Kargo's mutating webhook copies spec.steps from the Stage before the CRD's \
              validation (spec.steps required) runs; the sandbox simulates that webhook, the test \
              bed has no Kargo to run it, so its CRD refuses the Promotion",
    },
    Allowed {
        step: "list-events-continue-after-a-write",
        path: ".items[0].message",
        why: "etcd serves every page of a paged list as of the first page's RV; the sandbox keeps \
              no old versions for lists (a continue token stays good for five minutes under any \
              churn, which would cost memory) and serves the current state, which the watch from \
              the list's RV then brings up to date anyway",
    },
    Allowed {
        step: "watch-expired-rv-410",
        path: "[0].object.message",
        why: "the 410 is provoked on a test bed without watch cache, where etcd words it 'The \
              resourceVersion for the provided watch is too old.'; with the default watch cache \
              kube-apiserver says 'too old resource version: R (O)', as the sandbox does",
    },
];

struct Tally {
    requests: usize,
    identical: usize,
    allowed: Vec<String>,
    failures: Vec<Difference>,
}

impl Tally {
    fn record(&mut self, step: &Step, sandbox: &mut Side, bed: &mut Side, s: Reply, b: Reply) {
        let (mut s, mut b) = (s, b);
        for (reply, side) in [(&mut s, &*sandbox), (&mut b, &*bed)] {
            if let Some(f) = step.project {
                reply.body = f(std::mem::take(&mut reply.body));
            }
            normalise(&mut reply.body, &side.generated);
        }
        self.requests += 1;
        let diffs = differences(step.name, &s, &b);
        if diffs.is_empty() {
            self.identical += 1;
        }
        for d in diffs {
            match ALLOWED.iter().find(|a| a.covers(&d)) {
                Some(a) => self.allowed.push(format!("{d}\n      allowed: {}", a.why)),
                None => self.failures.push(d),
            }
        }
    }
}

async fn run(steps: &[Step], sandbox: &mut Side, bed: &mut Side, tally: &mut Tally) {
    for step in steps {
        let s = sandbox.run(step).await;
        let b = bed.run(step).await;
        tally.record(step, sandbox, bed, s, b);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_answers_like_the_real_api_server() {
    // The 410 needs a server without watch cache whose etcd has compacted; it boots meanwhile.
    let compacting = std::thread::spawn(|| {
        testbed::own("diff", "--watch-cache=false --etcd-compaction-interval=5s")
    });
    let sb = common::start().await;
    let shared = testbed::shared(BED);
    let mut tally = Tally {
        requests: 0,
        identical: 0,
        allowed: Vec::new(),
        failures: Vec::new(),
    };
    let mut sandbox = Side::sandbox(&sb.base, sb.sandbox.faults());
    let mut bed = Side::testbed(&shared.admin, &shared.reader);
    run(&sequence(), &mut sandbox, &mut bed, &mut tally).await;

    let own = compacting.join().expect("test bed thread");
    let mut old = Side::testbed(&own.admin, &own.reader);
    old.wait_until_compacted().await;
    run(&expired(), &mut sandbox, &mut old, &mut tally).await;

    let summary = format!("{} requests, {} identical", tally.requests, tally.identical);
    println!("{summary}");
    for a in &tally.allowed {
        println!("  {a}");
    }
    let failures: Vec<String> = tally.failures.iter().map(|d| format!("  {d}")).collect();
    assert!(
        failures.is_empty(),
        "{summary}; {} differences not on the allow-list:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
