//! Where each part of the screen goes: header, panes (or the zoomed one), footer.
//!
//! Owns the geometry that both paging (how many rows is a page) and drawing rely on, so they
//! agree. Must not draw or style anything.

use ratatui::layout::{Constraint, Layout, Rect};

use super::PaneId;

/// The screen split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLayout {
    pub header: Rect,
    /// The panes shown, with their areas (borders included).
    pub panes: Vec<(PaneId, Rect)>,
    /// Key hints, or the filter/command prompt when one is open.
    pub footer: Rect,
}

/// Lays out the dashboard: Pods large on top, Deployments, Services and Nodes side by side
/// below; or only `zoomed` over the whole body.
pub fn screen_layout(screen: Rect, zoomed: Option<PaneId>) -> ScreenLayout {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(screen);
    let panes = if let Some(id) = zoomed {
        vec![(id, body)]
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        let [deployments, services, nodes] = Layout::horizontal([
            Constraint::Percentage(34),
            Constraint::Percentage(40),
            Constraint::Percentage(26),
        ])
        .areas(bottom);
        vec![
            (PaneId::Pods, top),
            (PaneId::Deployments, deployments),
            (PaneId::Services, services),
            (PaneId::Nodes, nodes),
        ]
    };
    ScreenLayout {
        header,
        panes,
        footer,
    }
}

/// The area of one pane, if it is shown.
pub fn pane_area(screen: Rect, zoomed: Option<PaneId>, id: PaneId) -> Option<Rect> {
    screen_layout(screen, zoomed)
        .panes
        .into_iter()
        .find(|(p, _)| *p == id)
        .map(|(_, a)| a)
}

/// How many rows of a table fit in a pane area (borders and the column header excluded).
pub fn table_rows(pane: Rect) -> usize {
    usize::from(pane.height.saturating_sub(3))
}

/// The area of a full-screen view (YAML, describe, edit review): the body between header and
/// footer, borders included.
pub fn detail_area(screen: Rect) -> Rect {
    let layout = screen_layout(screen, None);
    Rect {
        y: layout.header.bottom(),
        height: layout.footer.y.saturating_sub(layout.header.bottom()),
        ..screen
    }
}

/// How many text lines a full-screen view shows (borders excluded).
pub fn detail_rows(screen: Rect) -> usize {
    usize::from(detail_area(screen).height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashboard_puts_pods_on_top_and_the_rest_below() {
        let layout = screen_layout(Rect::new(0, 0, 120, 40), None);
        assert_eq!(layout.header, Rect::new(0, 0, 120, 1));
        assert_eq!(layout.footer, Rect::new(0, 39, 120, 1));
        let (id, pods) = layout.panes[0];
        assert_eq!(id, PaneId::Pods);
        assert_eq!((pods.y, pods.width), (1, 120));
        assert!(pods.height > layout.panes[1].1.height);
        let widths: u16 = layout.panes[1..].iter().map(|(_, a)| a.width).sum();
        assert_eq!(widths, 120);
    }

    #[test]
    fn zoom_gives_one_pane_the_body() {
        let layout = screen_layout(Rect::new(0, 0, 120, 40), Some(PaneId::Nodes));
        assert_eq!(
            layout.panes,
            vec![(PaneId::Nodes, Rect::new(0, 1, 120, 38))]
        );
        assert_eq!(table_rows(layout.panes[0].1), 35);
    }
}
