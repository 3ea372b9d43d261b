//! The exact allocation search (see the module documentation of [`super`]).
//!
//! Everything here works on scaled integer credits (`u128`) and on *units*: a required
//! slot (capacity 1) or a group's select pool (capacity `select.max`, or unbounded).
//!
//! * [`Flow`] is a matching of items (credentials) to units kept in "unit space": per pair of
//!   units `(u, v)` the number of items sitting in `u` that may move to `v`. An augmenting
//!   path is then a breadth-first search over the (few) units, not over the credentials.
//! * The *completion* of a search node takes the decided items (fixed to a group, or
//!   reserved for their issuer), adds every other item greedily by decreasing credits
//!   (transversal-matroid greedy: exact maximum credits), then re-matches the chosen set to
//!   cover the demanded units (required slots, select minimums) and as many required slots
//!   as possible (matroid greedy on the unit side). It is exact when no credit minimum or
//!   issuer count is outstanding, and an upper bound otherwise.
//! * [`Search`] branches only while a group lacks credits (or, for the plan, a group could
//!   use more of the learner's own credits) or the pathway lacks issuers.

/// "Unbounded" capacity.
pub(crate) const INF: u32 = u32::MAX / 4;
const NONE16: u16 = u16::MAX;

#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub group: usize,
    /// `Some(i)` for `required/i`, `None` for the select pool.
    pub slot: Option<usize>,
    pub cap: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct GroupSpec {
    pub min_credits: u128,
    pub pool: Option<u16>,
    pub pool_min: u32,
    pub required_units: Vec<u16>,
    /// Required slots plus pool capacity.
    pub cap_total: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub weight: u128,
    /// Units it may fill, ascending.
    pub fits: Vec<u16>,
    /// Groups it may go to.
    pub gmask: u64,
    pub issuer: u32,
    /// Interchangeable items (same units and issuer) share a class.
    pub class: u32,
    /// A hypothetical new credential (the plan).
    pub virt: bool,
    /// For a hypothetical credential: the least credits it may have.
    pub lower: u128,
    /// Index of the candidate (real) or of the unit (hypothetical).
    pub source: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub units: Vec<Unit>,
    pub groups: Vec<GroupSpec>,
    /// Hypothetical items first, then real ones by decreasing credits.
    pub items: Vec<Item>,
    pub n_virtual: usize,
    pub min_total: u128,
    pub min_issuers: u32,
    pub n_issuers: usize,
    group_lists: Vec<Vec<u32>>,
    group_prefix: Vec<Vec<u128>>,
    issuer_last: Vec<usize>,
    suffix_issuers: Vec<u32>,
}

impl Problem {
    /// `items` must hold the hypothetical items first and then real ones in non-increasing
    /// order of weight; hypothetical weights must be at least every real weight.
    pub(crate) fn new(
        units: Vec<Unit>,
        groups: Vec<GroupSpec>,
        items: Vec<Item>,
        min_total: u128,
        min_issuers: u32,
    ) -> Problem {
        let n_virtual = items.iter().take_while(|x| x.virt).count();
        let n_issuers = items
            .iter()
            .map(|x| x.issuer as usize + 1)
            .max()
            .unwrap_or(0);
        let mut group_lists = vec![Vec::new(); groups.len()];
        for (i, item) in items.iter().enumerate() {
            for (g, list) in group_lists.iter_mut().enumerate() {
                if item.gmask >> g & 1 == 1 {
                    list.push(i as u32);
                }
            }
        }
        let group_prefix = group_lists
            .iter()
            .map(|list| {
                let mut acc = 0u128;
                let mut out = Vec::with_capacity(list.len() + 1);
                out.push(0);
                for &i in list {
                    acc = acc.saturating_add(items[i as usize].weight);
                    out.push(acc);
                }
                out
            })
            .collect();
        let mut issuer_last = vec![0usize; n_issuers];
        for (i, item) in items.iter().enumerate() {
            issuer_last[item.issuer as usize] = i;
        }
        let mut suffix_issuers = vec![0u32; items.len() + 1];
        let mut seen = vec![false; n_issuers];
        for i in (0..items.len()).rev() {
            let is = items[i].issuer as usize;
            suffix_issuers[i] = suffix_issuers[i + 1] + u32::from(!seen[is]);
            seen[is] = true;
        }
        Problem {
            units,
            groups,
            items,
            n_virtual,
            min_total,
            min_issuers,
            n_issuers,
            group_lists,
            group_prefix,
            issuer_last,
            suffix_issuers,
        }
    }

    /// Sum of the `cap` largest weights among items `>= from` that may go to group `g`.
    fn potential(&self, g: usize, from: usize, cap: u64) -> u128 {
        let list = &self.group_lists[g];
        let p = list.partition_point(|&i| (i as usize) < from);
        let end = if cap >= list.len() as u64 {
            list.len()
        } else {
            (p + cap as usize).min(list.len())
        };
        self.group_prefix[g][end] - self.group_prefix[g][p]
    }
}

/// A matching of items to units, kept in unit space.
struct Flow {
    nu: usize,
    count: Vec<u32>,
    members: Vec<Vec<u32>>,
    pos: Vec<u32>,
    unit_of: Vec<u16>,
    /// Per item: the group it is fixed to, or `NONE16`.
    group_of: Vec<u16>,
    mv: Vec<u32>,
    dead: Vec<bool>,
    stamp: Vec<u32>,
    epoch: u32,
    parent: Vec<u16>,
    queue: Vec<u16>,
    placed: Vec<u32>,
}

impl Flow {
    fn new(p: &Problem) -> Flow {
        let nu = p.units.len();
        Flow {
            nu,
            count: vec![0; nu],
            members: vec![Vec::new(); nu],
            pos: vec![0; p.items.len()],
            unit_of: vec![NONE16; p.items.len()],
            group_of: vec![NONE16; p.items.len()],
            mv: vec![0; nu * nu],
            dead: vec![false; nu],
            stamp: vec![0; nu],
            epoch: 0,
            parent: vec![NONE16; nu],
            queue: Vec::with_capacity(nu),
            placed: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &x in &self.placed {
            self.unit_of[x as usize] = NONE16;
            self.group_of[x as usize] = NONE16;
        }
        self.placed.clear();
        self.count.iter_mut().for_each(|c| *c = 0);
        self.members.iter_mut().for_each(Vec::clear);
        self.mv.iter_mut().for_each(|c| *c = 0);
        self.dead.iter_mut().for_each(|d| *d = false);
    }

    fn next_epoch(&mut self) -> u32 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        self.epoch
    }

    fn allowed(&self, p: &Problem, x: usize, u: u16) -> bool {
        let g = self.group_of[x];
        (g == NONE16 || p.units[u as usize].group == g as usize)
            && p.items[x].fits.binary_search(&u).is_ok()
    }

    fn place(&mut self, p: &Problem, x: usize, u: u16) {
        let ui = u as usize;
        self.members[ui].push(x as u32);
        self.pos[x] = (self.members[ui].len() - 1) as u32;
        self.count[ui] += 1;
        self.unit_of[x] = u;
        let g = self.group_of[x];
        for &w in &p.items[x].fits {
            if g == NONE16 || p.units[w as usize].group == g as usize {
                self.mv[ui * self.nu + w as usize] += 1;
            }
        }
    }

    fn unplace(&mut self, p: &Problem, x: usize) {
        let u = self.unit_of[x];
        let ui = u as usize;
        let at = self.pos[x] as usize;
        self.members[ui].swap_remove(at);
        if at < self.members[ui].len() {
            let moved = self.members[ui][at] as usize;
            self.pos[moved] = at as u32;
        }
        self.count[ui] -= 1;
        self.unit_of[x] = NONE16;
        let g = self.group_of[x];
        for &w in &p.items[x].fits {
            if g == NONE16 || p.units[w as usize].group == g as usize {
                self.mv[ui * self.nu + w as usize] -= 1;
            }
        }
    }

    /// Moves one item sitting in `from` that may go to `to`.
    fn shift(&mut self, p: &Problem, from: u16, to: u16) {
        let x = self.members[from as usize]
            .iter()
            .copied()
            .find(|&x| self.allowed(p, x as usize, to));
        if let Some(x) = x {
            self.unplace(p, x as usize);
            self.place(p, x as usize, to);
        }
    }

    /// Adds item `x` (allowed in its fits, restricted to `group` unless `NONE16`); true
    /// when it could be placed, moving others along an augmenting path if needed.
    fn add(&mut self, p: &Problem, x: usize, group: u16) -> bool {
        self.group_of[x] = group;
        let fits = &p.items[x].fits;
        let ok_unit = |u: u16| group == NONE16 || p.units[u as usize].group == group as usize;
        // Direct placement.
        if let Some(&u) = fits
            .iter()
            .find(|&&u| ok_unit(u) && self.count[u as usize] < p.units[u as usize].cap)
        {
            self.place(p, x, u);
            self.placed.push(x as u32);
            return true;
        }
        if fits.iter().all(|&u| !ok_unit(u) || self.dead[u as usize]) {
            self.group_of[x] = NONE16;
            return false;
        }
        let e = self.next_epoch();
        self.queue.clear();
        for &u in fits {
            if ok_unit(u) && !self.dead[u as usize] && self.stamp[u as usize] != e {
                self.stamp[u as usize] = e;
                self.parent[u as usize] = NONE16;
                self.queue.push(u);
            }
        }
        let mut head = 0;
        let mut found = NONE16;
        while head < self.queue.len() {
            let u = self.queue[head];
            head += 1;
            let ui = u as usize;
            if self.count[ui] < p.units[ui].cap {
                found = u;
                break;
            }
            let row = ui * self.nu;
            for v in 0..self.nu {
                if self.mv[row + v] > 0 && self.stamp[v] != e && !self.dead[v] {
                    self.stamp[v] = e;
                    self.parent[v] = u;
                    self.queue.push(v as u16);
                }
            }
        }
        if found == NONE16 {
            for &u in &self.queue {
                self.dead[u as usize] = true;
            }
            self.group_of[x] = NONE16;
            return false;
        }
        let mut v = found;
        while self.parent[v as usize] != NONE16 {
            let u = self.parent[v as usize];
            self.shift(p, u, v);
            v = u;
        }
        self.place(p, x, v);
        self.placed.push(x as u32);
        true
    }

    /// Gives unit `y` one more item without taking one from any unit `u` for which
    /// `protected(u)` is at least its count; true when it could.
    fn cover(&mut self, y: u16, protected: &dyn Fn(usize, u32) -> bool, p: &Problem) -> bool {
        let e = self.next_epoch();
        self.queue.clear();
        self.queue.push(y);
        self.stamp[y as usize] = e;
        self.parent[y as usize] = NONE16;
        let mut head = 0;
        let mut found = NONE16;
        'search: while head < self.queue.len() {
            let v = self.queue[head] as usize;
            head += 1;
            for u in 0..self.nu {
                if self.stamp[u] != e && self.mv[u * self.nu + v] > 0 {
                    self.stamp[u] = e;
                    self.parent[u] = v as u16;
                    if !protected(u, self.count[u]) {
                        found = u as u16;
                        break 'search;
                    }
                    self.queue.push(u as u16);
                }
            }
        }
        if found == NONE16 {
            return false;
        }
        // Path: y <- ... <- found; move from the y end first.
        let mut chain = vec![found];
        while chain[chain.len() - 1] != y {
            let next = self.parent[chain[chain.len() - 1] as usize];
            chain.push(next);
        }
        // chain = [found, w1, ..., y]
        for k in (0..chain.len() - 1).rev() {
            self.shift(p, chain[k], chain[k + 1]);
        }
        true
    }
}

/// What the completion of a node found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Completion {
    /// The decided items fit together.
    pub decided_ok: bool,
    pub total: u128,
    pub total_real: u128,
    /// Required slots filled (all groups).
    pub required_filled: u32,
    /// Demanded unit places (target required slots, target select minimums) left empty.
    pub uncovered: u32,
}

/// The objective of one search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Goal {
    /// Any allocation meeting the constraints.
    Feasible,
    /// The most credits.
    MaxCredits,
    /// The most required slots filled, then the most credits.
    MaxRequiredThenCredits,
    /// The fewest new credits (plan), given a budget of hypothetical credentials.
    MinNewCredits,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Config {
    /// Groups that must be satisfied (bit per group).
    pub target: u64,
    /// The pathway-level rules (`minTotalCredits`, `minDistinctIssuers`) apply.
    pub global: bool,
    pub goal: Goal,
    /// At most this many hypothetical credentials.
    pub virt_budget: u32,
}

/// Bigger is better.
/// Bigger is better: (primary, credits-like, tie-break).
pub(crate) type Key = (u64, u128, u64);

#[derive(Debug, Clone)]
pub(crate) struct Solution {
    pub key: Key,
    /// Unit of each item, or `None`.
    pub unit_of: Vec<Option<u16>>,
    /// For the plan: the new credits each group's hypothetical credentials must bring.
    pub new_credits: Vec<u128>,
    pub new_total: u128,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dec {
    Free,
    Assigned(u16),
    Reserved,
}

pub(crate) struct Search<'p> {
    p: &'p Problem,
    cfg: Config,
    flow: Flow,
    dec: Vec<Dec>,
    decided: Vec<u32>,
    gcred: Vec<u128>,
    gcred_real: Vec<u128>,
    gused: Vec<u64>,
    gvirt: Vec<u32>,
    glower: Vec<u128>,
    issuer_cnt: Vec<u32>,
    counted_issuers: Vec<u32>,
    distinct: u32,
    class_closed: Vec<bool>,
    class_eq: Vec<Option<(u128, u16)>>,
    virt_used: u32,
    /// Hypothetical credentials used in required slots.
    virt_required: u32,
    pub nodes: u64,
    budget: u64,
    pub aborted: bool,
    done: bool,
    root_ub: Option<Key>,
    best_key: Option<Key>,
    pub best: Option<Solution>,
    hall_buf: Vec<u128>,
}

impl<'p> Search<'p> {
    pub(crate) fn new(p: &'p Problem, cfg: Config, incumbent: Option<Key>, budget: u64) -> Self {
        let ng = p.groups.len();
        let nclass = p
            .items
            .iter()
            .map(|x| x.class as usize + 1)
            .max()
            .unwrap_or(0);
        Search {
            p,
            cfg,
            flow: Flow::new(p),
            dec: vec![Dec::Free; p.items.len()],
            decided: Vec::new(),
            gcred: vec![0; ng],
            gcred_real: vec![0; ng],
            gused: vec![0; ng],
            gvirt: vec![0; ng],
            glower: vec![0; ng],
            issuer_cnt: vec![0; p.n_issuers],
            counted_issuers: Vec::new(),
            distinct: 0,
            class_closed: vec![false; nclass],
            class_eq: vec![None; nclass],
            virt_used: 0,
            virt_required: 0,
            nodes: 0,
            budget,
            aborted: false,
            done: false,
            root_ub: None,
            best_key: incumbent,
            best: None,
            hall_buf: Vec::new(),
        }
    }

    pub(crate) fn run(&mut self) {
        self.dfs(0);
    }

    fn in_target(&self, g: usize) -> bool {
        self.cfg.target >> g & 1 == 1
    }

    /// Groups of the target still short of their credit minimum (counting decided items).
    fn hard_mask(&self) -> u64 {
        let mut mask = 0u64;
        for (g, spec) in self.p.groups.iter().enumerate() {
            if self.in_target(g) && self.gcred[g] < spec.min_credits {
                mask |= 1 << g;
            }
        }
        mask
    }

    /// Plan only: groups with hypothetical credentials whose own credits could still
    /// replace new credits.
    fn soft_mask(&self) -> u64 {
        if self.cfg.goal != Goal::MinNewCredits {
            return 0;
        }
        let mut mask = 0u64;
        for (g, spec) in self.p.groups.iter().enumerate() {
            if self.gvirt[g] > 0
                && self.gcred_real[g].saturating_add(self.glower[g]) < spec.min_credits
            {
                mask |= 1 << g;
            }
        }
        mask
    }

    fn issuers_short(&self) -> bool {
        self.cfg.global && self.distinct < self.p.min_issuers
    }

    fn has_options(&self, i: usize, mask: u64, issuers_short: bool) -> bool {
        let x = &self.p.items[i];
        if self.class_closed[x.class as usize] {
            return false;
        }
        if x.virt {
            return self.virt_used < self.cfg.virt_budget;
        }
        x.gmask & mask != 0 || (issuers_short && self.issuer_cnt[x.issuer as usize] == 0)
    }

    fn dfs(&mut self, start: usize) {
        if self.done {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.budget {
            self.aborted = true;
            self.done = true;
            return;
        }
        let n = self.p.items.len();
        let hard = self.hard_mask();
        let soft = self.soft_mask();
        let short = self.issuers_short();
        let mask = hard | soft;
        let mut i = start;
        while i < n && !self.has_options(i, mask, short) {
            i += 1;
        }
        self.node(i, hard, soft, short);
    }

    fn node(&mut self, i: usize, hard: u64, soft: u64, short: bool) {
        let n = self.p.items.len();
        let virtual_done = i >= self.p.n_virtual;
        let hard_met = hard == 0 && !short;
        if virtual_done && hard_met && soft == 0 {
            self.leaf();
            return;
        }
        if i >= n {
            if hard_met {
                self.leaf();
            }
            return;
        }
        // Issuer bound.
        if short {
            let mut possible = self.p.suffix_issuers[i];
            for &is in &self.counted_issuers {
                if self.p.issuer_last[is as usize] >= i {
                    possible -= 1;
                }
            }
            if self.distinct + possible < self.p.min_issuers {
                return;
            }
        }
        // Per-group potential of the items still undecided.
        let mut slack: Vec<(usize, u128)> = Vec::new();
        let mut pot = vec![0u128; self.p.groups.len()];
        for (g, pot_g) in pot.iter_mut().enumerate() {
            if (hard | soft) >> g & 1 == 0 {
                continue;
            }
            let cap = self.p.groups[g].cap_total.saturating_sub(self.gused[g]);
            *pot_g = self.p.potential(g, i, cap);
            if hard >> g & 1 == 1 {
                let have = self.gcred[g].saturating_add(*pot_g);
                let need = self.p.groups[g].min_credits;
                if have < need {
                    return;
                }
                slack.push((g, have - need));
            } else {
                // Soft (plan): after every hard group; among them the one whose own
                // credentials fall shortest first.
                let have = self.gcred_real[g]
                    .saturating_add(self.glower[g])
                    .saturating_add(*pot_g);
                let need = self.p.groups[g].min_credits;
                slack.push((g, (u128::MAX / 2).saturating_add(have.saturating_sub(need))));
            }
        }
        if hard.count_ones() >= 2 && hard.count_ones() <= 12 {
            let groups: Vec<usize> = (0..self.p.groups.len())
                .filter(|g| hard >> g & 1 == 1)
                .collect();
            let deficit: Vec<u128> = groups
                .iter()
                .map(|&g| self.p.groups[g].min_credits - self.gcred[g])
                .collect();
            if self.hall_violation(i, &groups, &deficit) > 0 {
                return;
            }
        }
        // Completion: coverage test and upper bound.
        let c = self.complete();
        if !c.decided_ok {
            return;
        }
        if virtual_done {
            if c.uncovered > 0 {
                return;
            }
            if self.cfg.global && c.total < self.p.min_total {
                return;
            }
        } else if self.virt_used + c.uncovered > self.cfg.virt_budget {
            return;
        }
        // The plan's credit search uses exactly the budget (fewer cannot complete).
        if self.cfg.goal == Goal::MinNewCredits
            && (self.virt_used as usize) + self.p.n_virtual.saturating_sub(i)
                < self.cfg.virt_budget as usize
        {
            return;
        }
        let ub = self.upper_key(&c, virtual_done, i, hard, &pot);
        if self.root_ub.is_none() {
            self.root_ub = ub;
        }
        if let (Some(ub), Some(best)) = (ub, self.best_key) {
            if ub <= best {
                return;
            }
        }
        self.branch(i, hard | soft, short, slack);
    }

    fn upper_key(
        &mut self,
        c: &Completion,
        virtual_done: bool,
        i: usize,
        hard: u64,
        pot: &[u128],
    ) -> Option<Key> {
        match self.cfg.goal {
            Goal::Feasible => None,
            Goal::MaxCredits => Some((0, c.total, 0)),
            Goal::MaxRequiredThenCredits => Some((u64::from(c.required_filled), c.total, 0)),
            Goal::MinNewCredits => {
                // Valid before every hypothetical credential is decided too: more of them
                // only raise the lower credits, and the real credits can only shrink.
                let _ = virtual_done;
                let tie = u64::MAX - u64::from(self.virt_required);
                let mut need = 0u128;
                for (g, spec) in self.p.groups.iter().enumerate() {
                    if self.gvirt[g] == 0 {
                        continue;
                    }
                    // What the learner's own undecided credentials could still bring.
                    let more = if i >= self.p.n_virtual {
                        pot[g]
                    } else {
                        let cap = spec.cap_total.saturating_sub(self.gused[g]);
                        self.p.potential(g, self.p.n_virtual, cap)
                    };
                    let real = self.gcred_real[g].saturating_add(more);
                    need = need
                        .saturating_add(self.glower[g].max(spec.min_credits.saturating_sub(real)));
                }
                // Jointly: the groups' own credentials cannot all go to every group.
                // Groups without new credentials must be met in full by the learner's own;
                // with them, what the own credentials leave short is new credits.
                let soft = self.soft_mask();
                let both = soft | hard;
                if soft.count_ones() >= 1 && both.count_ones() <= 12 {
                    let groups: Vec<usize> = (0..self.p.groups.len())
                        .filter(|g| both >> g & 1 == 1)
                        .collect();
                    let deficit: Vec<u128> = groups
                        .iter()
                        .map(|&g| {
                            let have = if soft >> g & 1 == 1 {
                                self.gcred_real[g].saturating_add(self.glower[g])
                            } else {
                                self.gcred[g]
                            };
                            self.p.groups[g].min_credits.saturating_sub(have)
                        })
                        .collect();
                    let lower: u128 = (0..self.p.groups.len())
                        .filter(|&g| self.gvirt[g] > 0)
                        .fold(0u128, |a, g| a.saturating_add(self.glower[g]));
                    let from = i.max(self.p.n_virtual);
                    need = need
                        .max(lower.saturating_add(self.hall_violation(from, &groups, &deficit)));
                }
                let x = need.max(self.p.min_total.saturating_sub(c.total_real));
                Some((0, u128::MAX - x, tie))
            }
        }
    }

    /// Hall-type bound: for groups short of `deficit[g]` credits, the most by which the
    /// credits they lack together exceed what the undecided items from `from` on that may go
    /// to some of them carry: `max over sets T of (deficit(T) - supply(T))`, or 0. Any
    /// allocation below this node leaves at least this much unmet (max-flow min-cut on
    /// items -> groups with fractional credits).
    fn hall_violation(&mut self, from: usize, groups: &[usize], deficit: &[u128]) -> u128 {
        let k = groups.len();
        let size = 1usize << k;
        self.hall_buf.clear();
        self.hall_buf.resize(size, 0);
        let mut total = 0u128;
        for x in &self.p.items[from..] {
            let mut m = 0usize;
            for (b, &g) in groups.iter().enumerate() {
                if x.gmask >> g & 1 == 1 {
                    m |= 1 << b;
                }
            }
            if m != 0 {
                self.hall_buf[m] = self.hall_buf[m].saturating_add(x.weight);
                total = total.saturating_add(x.weight);
            }
        }
        // Subset sums: buf[m] = sum over m' ⊆ m.
        for b in 0..k {
            for m in 0..size {
                if m >> b & 1 == 1 {
                    self.hall_buf[m] = self.hall_buf[m].saturating_add(self.hall_buf[m ^ (1 << b)]);
                }
            }
        }
        let full = size - 1;
        let mut worst = 0u128;
        for t in 1..size {
            let mut demand = 0u128;
            for (b, d) in deficit.iter().enumerate() {
                if t >> b & 1 == 1 {
                    demand = demand.saturating_add(*d);
                }
            }
            let supply = total.saturating_sub(self.hall_buf[full & !t]);
            worst = worst.max(demand.saturating_sub(supply));
        }
        worst
    }

    fn branch(&mut self, i: usize, mask: u64, short: bool, mut slack: Vec<(usize, u128)>) {
        let x = &self.p.items[i];
        let class = x.class as usize;
        if x.virt {
            let unit = &self.p.units[x.fits[0] as usize];
            let g = unit.group as u16;
            let required = u32::from(unit.slot.is_some());
            // Use it.
            self.assign(i, g);
            self.virt_used += 1;
            self.virt_required += required;
            self.dfs(i + 1);
            self.virt_required -= required;
            self.virt_used -= 1;
            self.unassign(i, g);
            // Or not (and then no later copy of it either).
            let old = self.class_closed[class];
            self.class_closed[class] = true;
            self.dfs(i + 1);
            self.class_closed[class] = old;
            return;
        }
        slack.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        let eq = self.class_eq[class];
        for &(g, _) in &slack {
            if self.done {
                return;
            }
            if x.gmask >> g & 1 == 0 || mask >> g & 1 == 0 {
                continue;
            }
            if let Some((w, last)) = eq {
                if w == x.weight && (g as u16) < last {
                    continue;
                }
            }
            self.class_eq[class] = Some((x.weight, g as u16));
            self.assign(i, g as u16);
            self.dfs(i + 1);
            self.unassign(i, g as u16);
            self.class_eq[class] = eq;
        }
        if self.done {
            return;
        }
        let old = self.class_closed[class];
        if short && self.issuer_cnt[x.issuer as usize] == 0 {
            self.dec[i] = Dec::Reserved;
            self.decided.push(i as u32);
            self.count_issuer(x.issuer, true);
            self.class_closed[class] = true;
            self.dfs(i + 1);
            self.class_closed[class] = old;
            self.count_issuer(x.issuer, false);
            self.decided.pop();
            self.dec[i] = Dec::Free;
            if self.done {
                return;
            }
        }
        self.class_closed[class] = true;
        self.dfs(i + 1);
        self.class_closed[class] = old;
    }

    fn count_issuer(&mut self, issuer: u32, add: bool) {
        let is = issuer as usize;
        if add {
            self.issuer_cnt[is] += 1;
            if self.issuer_cnt[is] == 1 {
                self.distinct += 1;
                self.counted_issuers.push(issuer);
            }
        } else {
            self.issuer_cnt[is] -= 1;
            if self.issuer_cnt[is] == 0 {
                self.distinct -= 1;
                if let Some(at) = self.counted_issuers.iter().rposition(|&v| v == issuer) {
                    self.counted_issuers.swap_remove(at);
                }
            }
        }
    }

    fn assign(&mut self, i: usize, g: u16) {
        let x = &self.p.items[i];
        let gi = g as usize;
        self.dec[i] = Dec::Assigned(g);
        self.decided.push(i as u32);
        self.gcred[gi] = self.gcred[gi].saturating_add(x.weight);
        if x.virt {
            self.gvirt[gi] += 1;
            self.glower[gi] += x.lower;
        } else {
            self.gcred_real[gi] = self.gcred_real[gi].saturating_add(x.weight);
        }
        self.gused[gi] += 1;
        self.count_issuer(x.issuer, true);
    }

    fn unassign(&mut self, i: usize, g: u16) {
        let x = &self.p.items[i];
        let gi = g as usize;
        self.dec[i] = Dec::Free;
        self.decided.pop();
        self.gcred[gi] -= x.weight;
        if x.virt {
            self.gvirt[gi] -= 1;
            self.glower[gi] -= x.lower;
        } else {
            self.gcred_real[gi] -= x.weight;
        }
        self.gused[gi] -= 1;
        self.count_issuer(x.issuer, false);
    }

    fn leaf(&mut self) {
        let c = self.complete();
        if !c.decided_ok || c.uncovered > 0 {
            return;
        }
        if self.cfg.global && c.total < self.p.min_total {
            return;
        }
        let mut new_credits = vec![0u128; self.p.groups.len()];
        let key = match self.cfg.goal {
            Goal::Feasible => (0, 0, 0),
            Goal::MaxCredits => (0, c.total, 0),
            Goal::MaxRequiredThenCredits => (u64::from(c.required_filled), c.total, 0),
            Goal::MinNewCredits => {
                let mut need_sum = 0u128;
                for (g, spec) in self.p.groups.iter().enumerate() {
                    if self.gvirt[g] > 0 {
                        new_credits[g] =
                            self.glower[g].max(spec.min_credits.saturating_sub(self.gcred_real[g]));
                        need_sum = need_sum.saturating_add(new_credits[g]);
                    }
                }
                let x = need_sum.max(self.p.min_total.saturating_sub(c.total_real));
                // Among plans as small, prefer new credentials in a select over new ones
                // for required slots (the learner may hold the one a slot names).
                (0, u128::MAX - x, u64::MAX - u64::from(self.virt_required))
            }
        };
        let better = match self.best_key {
            None => true,
            Some(b) => key > b || (self.cfg.goal == Goal::Feasible && self.best.is_none()),
        };
        if !better {
            return;
        }
        let new_total = u128::MAX - key.1;
        self.best_key = Some(key);
        self.best = Some(Solution {
            key,
            unit_of: self
                .flow
                .unit_of
                .iter()
                .map(|&u| (u != NONE16).then_some(u))
                .collect(),
            new_credits,
            new_total: if self.cfg.goal == Goal::MinNewCredits {
                new_total
            } else {
                0
            },
        });
        if self.cfg.goal == Goal::Feasible || Some(key) >= self.root_ub {
            self.done = true;
        }
    }

    /// The completion of the current node (see the module documentation).
    fn complete(&mut self) -> Completion {
        let p = self.p;
        self.flow.reset();
        let mut out = Completion {
            decided_ok: true,
            ..Completion::default()
        };
        for k in 0..self.decided.len() {
            let x = self.decided[k] as usize;
            let group = match self.dec[x] {
                Dec::Assigned(g) => g,
                _ => NONE16,
            };
            if !self.flow.add(p, x, group) {
                out.decided_ok = false;
                return out;
            }
        }
        for x in 0..p.items.len() {
            if self.dec[x] != Dec::Free || p.items[x].virt {
                continue;
            }
            self.flow.add(p, x, NONE16);
        }
        // Cover the demanded places of the target groups.
        let target = self.cfg.target;
        let in_target = |g: usize| target >> g & 1 == 1;
        let tier1 = |u: usize, count: u32| -> bool {
            let unit = &p.units[u];
            match unit.slot {
                Some(_) => in_target(unit.group) && count >= 1,
                None => in_target(unit.group) && count <= p.groups[unit.group].pool_min,
            }
        };
        for (g, spec) in p.groups.iter().enumerate() {
            if !in_target(g) {
                continue;
            }
            for &u in &spec.required_units {
                if self.flow.count[u as usize] == 0 && !self.flow.cover(u, &tier1, p) {
                    out.uncovered += 1;
                }
            }
            if let Some(u) = spec.pool {
                while self.flow.count[u as usize] < spec.pool_min {
                    if !self.flow.cover(u, &tier1, p) {
                        out.uncovered += spec.pool_min - self.flow.count[u as usize];
                        break;
                    }
                }
            }
        }
        // Then as many other required slots as possible.
        let tier2 = |u: usize, count: u32| -> bool {
            let unit = &p.units[u];
            match unit.slot {
                Some(_) => count >= 1,
                None => in_target(unit.group) && count <= p.groups[unit.group].pool_min,
            }
        };
        for (g, spec) in p.groups.iter().enumerate() {
            if in_target(g) {
                continue;
            }
            for &u in &spec.required_units {
                if self.flow.count[u as usize] == 0 {
                    self.flow.cover(u, &tier2, p);
                }
            }
        }
        for (u, unit) in p.units.iter().enumerate() {
            if unit.slot.is_some() && self.flow.count[u] > 0 {
                out.required_filled += 1;
            }
        }
        for &x in &self.flow.placed {
            let item = &p.items[x as usize];
            out.total = out.total.saturating_add(item.weight);
            if !item.virt {
                out.total_real = out.total_real.saturating_add(item.weight);
            }
        }
        out
    }
}
