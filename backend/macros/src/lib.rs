//! `#[spec_limits]`: the limits a request type enforces with `#[validate(...)]` written into
//! its OpenAPI schema as well, so the two can never disagree.
//!
//! Put it above the `#[derive(...)]` of a struct that derives `Validate` and `ToSchema`
//! (body) or `IntoParams` (query). For each named field:
//! - `length(min = a, max = b)` (or `equal = n`) becomes `min_length`/`max_length` on a
//!   string and `min_items`/`max_items` on a `Vec`;
//! - `range(min = a, max = b)` becomes `minimum`/`maximum`.
//!
//! They are added to the field's `#[schema(...)]` (or `#[param(...)]` for `IntoParams`),
//! created when the field has none. Other validators (`email`, `custom`, ...) have no
//! schema keyword here; write those in the schema attribute by hand.
//!
//! A list's `sort` field takes `#[sort_fields("a", "b")]`: the spec gets the pattern
//! `^(-?(a|b))?$` (empty means the default) and the struct a `SORT_FIELDS` constant for
//! `Sort::parse`, so the allowed fields are written once.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{parse_macro_input, Attribute, Expr, Fields, ItemStruct, Meta, Token, Type};

#[proc_macro_attribute]
pub fn spec_limits(_args: TokenStream, item: TokenStream) -> TokenStream {
    let mut item = parse_macro_input!(item as ItemStruct);
    let helper = match helper_attribute(&item.attrs) {
        Ok(h) => h,
        Err(e) => return e.to_compile_error().into(),
    };
    let mut sort_fields: Option<Vec<syn::LitStr>> = None;
    if let Fields::Named(fields) = &mut item.fields {
        for field in fields.named.iter_mut() {
            let mut limits = match limits_of(&field.attrs, is_vec(&field.ty)) {
                Ok(l) => l,
                Err(e) => return e.to_compile_error().into(),
            };
            if let Some(at) = field
                .attrs
                .iter()
                .position(|a| a.path().is_ident("sort_fields"))
            {
                let attr = field.attrs.remove(at);
                let names = match attr
                    .parse_args_with(Punctuated::<syn::LitStr, Token![,]>::parse_terminated)
                {
                    Ok(n) => n.into_iter().collect::<Vec<_>>(),
                    Err(e) => return e.to_compile_error().into(),
                };
                let alternatives: Vec<String> = names.iter().map(|n| n.value()).collect();
                let pattern = format!("^(-?({}))?$", alternatives.join("|"));
                limits.push(quote!(pattern = #pattern));
                sort_fields = Some(names);
            }
            if limits.is_empty() {
                continue;
            }
            add_to_helper(&mut field.attrs, helper, limits);
        }
    }
    let constant = sort_fields.map(|names| {
        let name = &item.ident;
        let (imp, ty, wh) = item.generics.split_for_impl();
        quote! {
            impl #imp #name #ty #wh {
                /// The fields `sort` accepts (`-` in front for descending).
                pub const SORT_FIELDS: &'static [&'static str] = &[#(#names),*];
            }
        }
    });
    quote!(#item #constant).into()
}

/// `schema` for `ToSchema`, `param` for `IntoParams` (from the struct's derives).
fn helper_attribute(attrs: &[Attribute]) -> syn::Result<&'static str> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let paths = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)?;
        for path in paths {
            let name = path.segments.last().map(|s| s.ident.to_string());
            match name.as_deref() {
                Some("IntoParams") => found = Some("param"),
                Some("ToSchema") if found.is_none() => found = Some("schema"),
                _ => {}
            }
        }
    }
    found.ok_or_else(|| {
        syn::Error::new(
            proc_macro2::Span::call_site(),
            "#[spec_limits] goes above a #[derive(...)] with ToSchema or IntoParams",
        )
    })
}

fn is_vec(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    if last.ident == "Vec" {
        return true;
    }
    if last.ident == "Option" {
        if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
            if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                return is_vec(inner);
            }
        }
    }
    false
}

/// The schema keywords (`min_length = 1`, ...) the field's `#[validate(...)]` implies.
fn limits_of(attrs: &[Attribute], vec: bool) -> syn::Result<Vec<Tokens>> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("validate")) {
        let rules = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
        for rule in rules {
            let Meta::List(list) = rule else { continue };
            let kind = list.path.get_ident().map(|i| i.to_string());
            let (min_kw, max_kw) = match (kind.as_deref(), vec) {
                (Some("length"), false) => ("min_length", "max_length"),
                (Some("length"), true) => ("min_items", "max_items"),
                (Some("range"), _) => ("minimum", "maximum"),
                _ => continue,
            };
            let args = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
            for arg in args {
                let Meta::NameValue(nv) = arg else { continue };
                let value: &Expr = &nv.value;
                let keyword = match nv.path.get_ident().map(|i| i.to_string()).as_deref() {
                    Some("min") => vec![min_kw],
                    Some("max") => vec![max_kw],
                    Some("equal") => vec![min_kw, max_kw],
                    _ => continue,
                };
                for kw in keyword {
                    let kw = syn::Ident::new(kw, proc_macro2::Span::call_site());
                    out.push(quote!(#kw = #value));
                }
            }
        }
    }
    Ok(out)
}

/// Appends the keywords to the field's `#[helper(...)]`, or adds one.
fn add_to_helper(attrs: &mut Vec<Attribute>, helper: &str, limits: Vec<Tokens>) {
    let ident = syn::Ident::new(helper, proc_macro2::Span::call_site());
    if let Some(existing) = attrs.iter_mut().find(|a| a.path().is_ident(helper)) {
        if let Meta::List(list) = &mut existing.meta {
            let old = list.tokens.clone();
            list.tokens = if old.is_empty() {
                quote!(#(#limits),*)
            } else {
                quote!(#old, #(#limits),*)
            };
            return;
        }
    }
    attrs.push(syn::parse_quote!(#[#ident(#(#limits),*)]));
}
