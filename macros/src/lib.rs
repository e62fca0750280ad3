//! placeholder
use proc_macro::TokenStream;
#[proc_macro_derive(DataModel, attributes(datamodel))]
pub fn derive_data_model(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
#[proc_macro_derive(DataModelEnum, attributes(datamodel))]
pub fn derive_data_model_enum(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
