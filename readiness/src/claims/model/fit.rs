//! Logistic regression, by accelerated gradient descent on sparse rows: deterministic (the same
//! copy gives the same weights on every machine), with classes weighted to balance (a claim is
//! in few sentences) and an L2 penalty on the weights (not the bias), as scikit-learn's
//! `LogisticRegression(C, class_weight="balanced")` minimizes.
//!
//! Written here rather than taken from a crate: the rows are sparse TF-IDF vectors of a few
//! dozen terms out of thousands, which the dense solvers (linfa's, on ndarray) would expand into
//! a matrix of every sentence by every term.

use super::features::Sparse;
use super::join::sigmoid;

/// A fitted line: the chance of the class is `sigmoid(bias + weights · x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub bias: f64,
    pub weights: Vec<f64>,
}

/// The most steps taken; most fits stop well before, when the gradient is flat.
const MOST_STEPS: usize = 4000;
/// Steps stop once no coordinate of the gradient is larger than this.
const FLAT: f64 = 1e-6;

/// Fits `labels` (one per row) with penalty strength `c` (larger: weights freer, as sklearn's C).
pub fn fit(rows: &[Sparse], dimensions: usize, labels: &[bool], c: f64) -> Line {
    let n = rows.len() as f64;
    let positives = labels.iter().filter(|&&y| y).count() as f64;
    if positives == 0.0 || positives == n {
        // One class only: nothing to weigh, the bias says it all.
        let bias = if positives == 0.0 { -10.0 } else { 10.0 };
        return Line {
            bias,
            weights: vec![0.0; dimensions],
        };
    }
    let (weight_yes, weight_no) = (n / (2.0 * positives), n / (2.0 * (n - positives)));
    let penalty = 1.0 / (c * n);
    // Rows have length 1, the bias a feature of 1, the classes' weights average 1: the
    // gradient's Lipschitz constant is at most 2/4, plus the penalty.
    let lipschitz = 0.5 + penalty;
    let ratio = (lipschitz / penalty).sqrt();
    let momentum = (ratio - 1.0) / (ratio + 1.0);
    let step = 1.0 / lipschitz;
    let mut now = Line {
        bias: 0.0,
        weights: vec![0.0; dimensions],
    };
    let mut before = now.clone();
    let mut gradient = vec![0.0; dimensions];
    let problem = Problem {
        rows,
        labels,
        class_weights: (weight_yes, weight_no),
        penalty,
        n,
    };
    for _ in 0..MOST_STEPS {
        // Look ahead along the momentum, and step down the gradient there.
        let ahead = Line {
            bias: now.bias + momentum * (now.bias - before.bias),
            weights: (now.weights.iter().zip(&before.weights))
                .map(|(w, b)| w + momentum * (w - b))
                .collect(),
        };
        let bias_gradient = problem.gradient(&ahead, &mut gradient);
        before = now;
        now = Line {
            bias: ahead.bias - step * bias_gradient,
            weights: (ahead.weights.iter().zip(&gradient))
                .map(|(w, g)| w - step * g)
                .collect(),
        };
        let steepest = gradient
            .iter()
            .fold(bias_gradient.abs(), |m, g| m.max(g.abs()));
        if steepest < FLAT {
            break;
        }
    }
    now
}

/// The penalized, class-weighted log loss of a fit, averaged over the rows.
struct Problem<'a> {
    rows: &'a [Sparse],
    labels: &'a [bool],
    /// The weight of a row of the class, and of a row outside it.
    class_weights: (f64, f64),
    penalty: f64,
    n: f64,
}

impl Problem<'_> {
    /// The loss's gradient at `at`, into `gradient` (the weights') and returned (the bias').
    fn gradient(&self, at: &Line, gradient: &mut [f64]) -> f64 {
        let penalty = self.penalty;
        gradient
            .iter_mut()
            .zip(&at.weights)
            .for_each(|(g, w)| *g = penalty * w);
        let mut bias_gradient = 0.0;
        for (row, &yes) in self.rows.iter().zip(self.labels) {
            let dot = row.iter().map(|&(i, x)| at.weights[i as usize] * x as f64);
            let z = at.bias + dot.sum::<f64>();
            let weight = if yes {
                self.class_weights.0
            } else {
                self.class_weights.1
            };
            let error = weight * (sigmoid(z) - if yes { 1.0 } else { 0.0 }) / self.n;
            bias_gradient += error;
            for &(i, x) in row {
                gradient[i as usize] += error * x as f64;
            }
        }
        bias_gradient
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_only_positives_have_gets_a_positive_weight() {
        // Term 0 in every positive row, term 1 in every negative one.
        let rows: Vec<Sparse> = (0..20).map(|i| vec![((i % 2) as u32, 1.0)]).collect();
        let labels: Vec<bool> = (0..20).map(|i| i % 2 == 0).collect();
        let line = fit(&rows, 2, &labels, 10.0);
        assert!(line.weights[0] > 1.0 && line.weights[1] < -1.0, "{line:?}");
        assert!(sigmoid(line.bias + line.weights[0]) > 0.9);
        assert!(sigmoid(line.bias + line.weights[1]) < 0.1);
        assert_eq!(
            line,
            fit(&rows, 2, &labels, 10.0),
            "the same copy, the same weights"
        );
    }

    #[test]
    fn one_class_only_is_all_bias() {
        let rows: Vec<Sparse> = vec![vec![(0, 1.0)]; 3];
        let line = fit(&rows, 1, &[false; 3], 10.0);
        assert!(sigmoid(line.bias) < 0.001 && line.weights == [0.0]);
    }
}
