# A small image with the handbook binary, which builds the handbook mounted
# at /site by default:
#
#   docker build -t handbook .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" handbook
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" handbook check --format github
#
# Two stages: the first compiles (Rust, a C compiler for Oniguruma, jemalloc
# and ring; `make` for jemalloc), the second holds only the stripped binary
# on distroless's glibc base (CA certificates for `check --external`, no
# shell, no package manager).

FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src src
COPY themes themes
COPY benches benches
COPY examples examples
RUN cargo build --release --locked --bin handbook

FROM gcr.io/distroless/cc-debian12
COPY --from=build /src/target/release/handbook /usr/local/bin/handbook
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/handbook"]
CMD ["build"]
