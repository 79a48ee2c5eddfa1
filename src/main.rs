use clap::Parser;
use showrunner::cli::Cli;

fn main() {
    let _cli = Cli::parse();
}
