//! The HTTP side: one route per operation (Well-Architected's rest-json ones and STS's
//! `POST /`), the middleware that counts requests and injects faults, and the accept loop.
//!
//! Connections are served with hyper directly rather than `axum::serve` so that an injected
//! "drop" can close the connection without writing any response: the middleware marks the
//! response, and the connection's service turns the mark into an error, on which hyper closes
//! the connection.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on, post};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::app::AppState;
use crate::errors::ApiError;
use crate::faults::Fault;
use crate::sts::StsError;
use crate::{handlers, sts};

const GET: MethodFilter = MethodFilter::GET;
const POST: MethodFilter = MethodFilter::POST;
const PATCH: MethodFilter = MethodFilter::PATCH;

/// The routes of the operations (paths and methods as in the service model) and of the
/// emulator's own endpoints.
pub(crate) fn router(app: AppState) -> Router {
    Router::new()
        .route(
            "/workloads",
            operation(&app, "CreateWorkload", POST, handlers::create_workload),
        )
        .route(
            "/workloadsSummaries",
            operation(&app, "ListWorkloads", POST, handlers::list_workloads),
        )
        .route(
            "/workloads/{WorkloadId}",
            operation(&app, "GetWorkload", GET, handlers::get_workload),
        )
        .route(
            "/workloads/{WorkloadId}",
            operation(&app, "UpdateWorkload", PATCH, handlers::update_workload),
        )
        .route(
            "/workloads/{WorkloadId}/associateLenses",
            operation(&app, "AssociateLenses", PATCH, handlers::associate_lenses),
        )
        .route(
            "/workloads/{WorkloadId}/lensReviews/{LensAlias}",
            operation(&app, "GetLensReview", GET, handlers::get_lens_review),
        )
        .route(
            "/workloads/{WorkloadId}/lensReviews/{LensAlias}/answers",
            operation(&app, "ListAnswers", GET, handlers::list_answers),
        )
        .route(
            "/workloads/{WorkloadId}/lensReviews/{LensAlias}/answers/{QuestionId}",
            operation(&app, "GetAnswer", GET, handlers::get_answer),
        )
        .route(
            "/workloads/{WorkloadId}/lensReviews/{LensAlias}/answers/{QuestionId}",
            operation(&app, "UpdateAnswer", PATCH, handlers::update_answer),
        )
        .route(
            "/workloads/{WorkloadId}/milestones",
            operation(&app, "CreateMilestone", POST, handlers::create_milestone),
        )
        .route(
            "/workloads/{WorkloadId}/milestonesSummaries",
            operation(&app, "ListMilestones", POST, handlers::list_milestones),
        )
        .route(
            "/workloads/{WorkloadId}/milestones/{MilestoneNumber}",
            operation(&app, "GetMilestone", GET, handlers::get_milestone),
        )
        .route(
            "/",
            instrumented(&app, "AssumeRole", Protocol::AwsQuery, post(sts::handle)),
        )
        .route("/_emulator/stats", get(handlers::stats))
        .route("/_emulator/reset", post(handlers::reset))
        .fallback(handlers::unknown_operation)
        .method_not_allowed_fallback(handlers::unknown_operation)
        .with_state(app)
}

/// The route of one Well-Architected (rest-json) operation, wrapped in the middleware that
/// counts and faults its requests.
fn operation<H, T>(
    app: &AppState,
    name: &'static str,
    method: MethodFilter,
    handler: H,
) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    instrumented(app, name, Protocol::RestJson, on(method, handler))
}

/// `route` wrapped in the middleware that counts and faults its requests as operation `name`,
/// answering injected faults in `protocol`'s wire format.
fn instrumented(
    app: &AppState,
    name: &'static str,
    protocol: Protocol,
    route: MethodRouter<AppState>,
) -> MethodRouter<AppState> {
    let context = Operation {
        app: app.clone(),
        name,
        protocol,
    };
    route.route_layer(middleware::from_fn_with_state(context, instrument))
}

/// The wire format of an operation's errors, so that an injected fault reads to the client as
/// the service's own throttle or server error (and an SDK retries it as such).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// Well-Architected: JSON body and `x-amzn-errortype`.
    RestJson,
    /// STS: an XML `ErrorResponse`.
    AwsQuery,
}

impl Protocol {
    /// The answer to a request throttled or failed by injection.
    fn fault_response(self, fault: Fault) -> Response {
        match (self, fault) {
            (_, Fault::Drop) => dropped_connection(),
            (Self::RestJson, Fault::Throttle) => ApiError::Throttling.into_response(),
            (Self::RestJson, Fault::InternalError) => ApiError::Internal.into_response(),
            (Self::AwsQuery, Fault::Throttle) => StsError::Throttling.into_response(),
            (Self::AwsQuery, Fault::InternalError) => StsError::Internal.into_response(),
        }
    }
}

/// What the middleware knows of the operation it wraps.
#[derive(Clone)]
struct Operation {
    app: AppState,
    name: &'static str,
    protocol: Protocol,
}

/// Marks a response that must not be sent: the connection is closed instead.
#[derive(Debug, Clone, Copy)]
struct DropConnection;

/// A placeholder response carrying [`DropConnection`].
fn dropped_connection() -> Response {
    let mut response = Response::default();
    response.extensions_mut().insert(DropConnection);
    response
}

/// Counts the request, adds the latency, injects the fault if one is drawn (before the
/// handler, so a faulted request changes nothing), and counts a success.
async fn instrument(State(operation): State<Operation>, request: Request, next: Next) -> Response {
    let Operation {
        app,
        name,
        protocol,
    } = operation;
    app.stats().record_request(name);
    let (latency, fault) = app.faults().next();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match fault {
        // Not counted as a success, whatever its placeholder status.
        Some(Fault::Drop) => return dropped_connection(),
        Some(fault) => protocol.fault_response(fault),
        None => next.run(request).await,
    };
    if response.status().is_success() {
        app.stats().record_success(name);
    }
    response
}

/// Accepts connections on `listener` until `shutdown` completes.
pub(crate) async fn run(listener: TcpListener, app: AppState, shutdown: impl Future<Output = ()>) {
    let router = router(app);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _peer)) => {
                tokio::spawn(serve_connection(stream, router.clone()));
            }
            // Running out of file descriptors, for one: wait a little and accept again.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct ConnectionDropped;

impl std::fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for ConnectionDropped {}

async fn serve_connection(stream: TcpStream, router: Router) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        async move {
            let response = match router.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<DropConnection>().is_some() {
                Err(ConnectionDropped)
            } else {
                Ok(response)
            }
        }
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new());
    // The connection ends with an error when the client goes away or a drop is injected:
    // nothing to report either way.
    let _ = builder
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
