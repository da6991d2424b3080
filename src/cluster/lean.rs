//! Makes the lean wire types of `resources::wire` watchable: each is a `kube::Resource` with
//! the same kind, group, version, plural and scope as the k8s-openapi type it stands for, so
//! `kube::runtime::watcher` lists and watches them like the full objects while decoding only
//! the fields a row needs.
//!
//! Owns these trait impls only. Must not add fields or logic to the wire types.

use std::borrow::Cow;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Node, Pod, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;

use crate::resources::wire::{DeploymentWire, NodeWire, PodWire, ServiceWire};

macro_rules! lean_resource {
    ($lean:ty, $full:ty) => {
        impl Resource for $lean {
            type DynamicType = ();
            type Scope = <$full as Resource>::Scope;

            fn kind(dt: &()) -> Cow<'_, str> {
                <$full as Resource>::kind(dt)
            }
            fn group(dt: &()) -> Cow<'_, str> {
                <$full as Resource>::group(dt)
            }
            fn version(dt: &()) -> Cow<'_, str> {
                <$full as Resource>::version(dt)
            }
            fn api_version(dt: &()) -> Cow<'_, str> {
                <$full as Resource>::api_version(dt)
            }
            fn plural(dt: &()) -> Cow<'_, str> {
                <$full as Resource>::plural(dt)
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata.object
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata.object
            }
        }
    };
}

lean_resource!(PodWire, Pod);
lean_resource!(DeploymentWire, Deployment);
lean_resource!(ServiceWire, Service);
lean_resource!(NodeWire, Node);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lean_types_address_the_same_api_paths_as_the_full_ones() {
        assert_eq!(
            PodWire::url_path(&(), Some("web")),
            Pod::url_path(&(), Some("web"))
        );
        assert_eq!(
            DeploymentWire::url_path(&(), None),
            Deployment::url_path(&(), None)
        );
        assert_eq!(
            ServiceWire::url_path(&(), None),
            Service::url_path(&(), None)
        );
        assert_eq!(NodeWire::url_path(&(), None), Node::url_path(&(), None));
    }
}
