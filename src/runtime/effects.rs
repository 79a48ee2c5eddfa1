//! Performs the IO that `update` asks for and reports results back as actions.

use kube::Client;
use tokio::sync::mpsc::{Sender, UnboundedSender};
use tokio::task::JoinHandle;

use crate::app::{Action, Effect};
use crate::runtime::commands::CommandRunner;
use crate::sources::github::poller::CiCommand;
use crate::sources::kube::{events, logs};
use crate::sources::writes;
use crate::sources::writes::mutation::Mutation;

pub struct EffectRunner {
    client: Client,
    tx: Sender<Action>,
    log_stream: Option<JoinHandle<()>>,
    /// The Kargo project being watched and its watchers (replaced on a project switch).
    project: Option<(String, Vec<JoinHandle<()>>)>,
    /// Commands to the GitHub Actions poller, when CI is configured.
    ci: Option<UnboundedSender<CiCommand>>,
    /// Runs runbook commands, when a runbook is loaded.
    commands: Option<CommandRunner>,
}

impl EffectRunner {
    pub fn new(client: Client, tx: Sender<Action>) -> Self {
        EffectRunner {
            client,
            tx,
            log_stream: None,
            project: None,
            ci: None,
            commands: None,
        }
    }

    pub fn set_commands(&mut self, runner: CommandRunner) {
        self.commands = Some(runner);
    }

    pub fn set_ci(&mut self, commands: UnboundedSender<CiCommand>) {
        self.ci = Some(commands);
    }

    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::StartLogs {
                stream,
                namespace,
                pod,
                container,
                tail_lines,
            } => {
                self.stop_logs();
                let request = logs::LogRequest {
                    stream,
                    namespace,
                    pod,
                    container,
                    tail_lines,
                };
                self.log_stream = Some(tokio::spawn(logs::follow(
                    self.client.clone(),
                    request,
                    self.tx.clone(),
                )));
            }
            Effect::Mutate(mutation) => self.mutate(mutation),
            Effect::StopLogs => self.stop_logs(),
            Effect::RunCommand {
                run,
                shell,
                script,
                timeout,
            } => match &mut self.commands {
                Some(runner) => runner.run(run, shell, script, timeout),
                None => tracing::error!("a runbook command was asked for without a command runner"),
            },
            Effect::KillCommand { run } => {
                if let Some(runner) = &mut self.commands {
                    runner.kill(run);
                }
            }
            Effect::SaveProgress { path, run } => super::session::save_progress(&path, &run),
            Effect::Ci(command) => {
                if let Some(ci) = &self.ci {
                    let _ = ci.send(command);
                }
            }
            Effect::WatchProject { namespace } => {
                if self
                    .project
                    .as_ref()
                    .is_some_and(|(ns, _)| *ns == namespace)
                {
                    return;
                }
                if let Some((_, old)) = self.project.take() {
                    old.iter().for_each(JoinHandle::abort);
                }
                let handles = crate::sources::kargo::spawn_project_watchers(
                    &self.client,
                    &namespace,
                    &self.tx,
                );
                self.project = Some((namespace, handles));
            }
            Effect::LoadPodEvents {
                namespace,
                pod,
                uid,
            } => {
                let (client, tx) = (self.client.clone(), self.tx.clone());
                tokio::spawn(async move {
                    let result = events::pod_events(client, &namespace, &pod, &uid).await;
                    let _ = tx
                        .send(Action::PodEvents {
                            namespace,
                            pod,
                            result,
                        })
                        .await;
                });
            }
        }
    }

    /// Aborting the task drops the HTTP response, which closes the follow stream server-side.
    fn mutate(&self, mutation: Mutation) {
        let (client, tx) = (self.client.clone(), self.tx.clone());
        tokio::spawn(async move {
            let summary = mutation.summary();
            let result = writes::apply(client, &mutation).await;
            match &result {
                Ok(done) => tracing::info!(%summary, "{}", done.message),
                Err(error) => tracing::warn!(%summary, %error, "mutation refused"),
            }
            let _ = tx.send(Action::Mutated { summary, result }).await;
        });
    }

    fn stop_logs(&mut self) {
        if let Some(task) = self.log_stream.take() {
            task.abort();
        }
    }
}

impl Drop for EffectRunner {
    fn drop(&mut self) {
        self.stop_logs();
        if let Some((_, handles)) = self.project.take() {
            handles.iter().for_each(JoinHandle::abort);
        }
    }
}
