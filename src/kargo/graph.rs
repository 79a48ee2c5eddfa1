//! The promotion pipeline as a layered graph, derived from each Stage's
//! `spec.requestedFreight[].sources`: a warehouse feeds stages that take freight `direct`ly, and a
//! stage feeds the stages that list it in `sources.stages`. Layer = longest path from a warehouse,
//! so `warehouse → dev → stg → prod` reads left to right and branches stack in one column.

use std::collections::{BTreeMap, BTreeSet};

use showrunner_model::kargo::models::FreightRequest;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Warehouse(String),
    Stage(String),
}

impl Node {
    pub fn name(&self) -> &str {
        match self {
            Node::Warehouse(n) | Node::Stage(n) => n,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageGraph {
    pub layers: Vec<Vec<Node>>,
    /// (upstream, downstream)
    pub edges: BTreeSet<(Node, Node)>,
}

impl StageGraph {
    pub fn upstream_of(&self, node: &Node) -> Vec<&Node> {
        self.edges
            .iter()
            .filter(|(_, d)| d == node)
            .map(|(u, _)| u)
            .collect()
    }

    pub fn downstream_of(&self, node: &Node) -> Vec<&Node> {
        self.edges
            .iter()
            .filter(|(u, _)| u == node)
            .map(|(_, d)| d)
            .collect()
    }

    /// Stages in reading order: layer by layer, top to bottom.
    pub fn stages(&self) -> impl Iterator<Item = &str> {
        self.layers.iter().flatten().filter_map(|n| match n {
            Node::Stage(s) => Some(s.as_str()),
            Node::Warehouse(_) => None,
        })
    }
}

/// `stages`: name → requested freight. Warehouses that no stage requests are still shown.
pub fn derive<'a>(
    stages: impl IntoIterator<Item = (&'a str, &'a [FreightRequest])>,
    warehouses: impl IntoIterator<Item = &'a str>,
) -> StageGraph {
    let stages: BTreeMap<&str, &[FreightRequest]> = stages.into_iter().collect();
    let mut edges = BTreeSet::new();
    let mut nodes: BTreeSet<Node> = warehouses
        .into_iter()
        .map(|w| Node::Warehouse(w.to_string()))
        .collect();
    for (name, requests) in &stages {
        let stage = Node::Stage(name.to_string());
        nodes.insert(stage.clone());
        for request in *requests {
            if request.sources.direct || request.sources.stages.is_empty() {
                let origin = Node::Warehouse(request.origin.name.clone());
                nodes.insert(origin.clone());
                edges.insert((origin, stage.clone()));
            }
            for upstream in &request.sources.stages {
                // A stage that requests from a stage we cannot see still hangs off its origin.
                let from = if stages.contains_key(upstream.as_str()) {
                    Node::Stage(upstream.clone())
                } else {
                    Node::Warehouse(request.origin.name.clone())
                };
                if from == Node::Warehouse(request.origin.name.clone()) {
                    nodes.insert(from.clone());
                }
                edges.insert((from, stage.clone()));
            }
        }
    }
    let mut level: BTreeMap<Node, usize> = BTreeMap::new();
    for node in &nodes {
        assign_level(node, &edges, &mut level, &mut BTreeSet::new());
    }
    let depth = level.values().copied().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<Node>> = vec![Vec::new(); depth];
    for node in nodes {
        let l = level[&node];
        layers[l].push(node);
    }
    // Within a column, keep children next to their parents: order by the first upstream's row.
    for i in 1..layers.len() {
        let (before, after) = layers.split_at_mut(i);
        let previous = &before[i - 1];
        after[0].sort_by_key(|n| {
            let parent_row = edges
                .iter()
                .filter(|(_, d)| d == n)
                .filter_map(|(u, _)| previous.iter().position(|p| p == u))
                .min()
                .unwrap_or(usize::MAX);
            (parent_row, n.name().to_string())
        });
    }
    StageGraph { layers, edges }
}

/// Longest distance from a source; a cycle (which Kargo forbids) is cut where it closes.
fn assign_level(
    node: &Node,
    edges: &BTreeSet<(Node, Node)>,
    level: &mut BTreeMap<Node, usize>,
    visiting: &mut BTreeSet<Node>,
) -> usize {
    if let Some(l) = level.get(node) {
        return *l;
    }
    if !visiting.insert(node.clone()) {
        return 0;
    }
    let l = edges
        .iter()
        .filter(|(_, d)| d == node)
        .map(|(u, _)| assign_level(u, edges, level, visiting) + 1)
        .max()
        .unwrap_or(0);
    visiting.remove(node);
    level.insert(node.clone(), l);
    l
}

#[cfg(test)]
mod tests;
