//! A TCP proxy on 127.0.0.1 that a test can cut and restore, to take a database "down" for one
//! test without touching the server other tests share.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running proxy. While it is down, new connections are closed at once and open ones are
/// cut. Dropping it stops it.
pub struct TcpProxy {
    addr: SocketAddr,
    up: Arc<AtomicBool>,
    generation: watch::Sender<u64>,
    task: JoinHandle<()>,
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.task.abort();
        self.generation.send_modify(|g| *g += 1);
    }
}

impl TcpProxy {
    /// Starts a proxy to `target` on a free port.
    ///
    /// # Panics
    /// If no port on 127.0.0.1 can be bound.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let up = Arc::new(AtomicBool::new(true));
        let (generation, _) = watch::channel(0u64);
        let task = {
            let (up, generation) = (up.clone(), generation.clone());
            tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    // Subscribe before looking at `up`: a cut between the two is then seen by
                    // the connection (as a change) instead of being missed.
                    let cut = generation.subscribe();
                    if !up.load(Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    tokio::spawn(pipe(client, target, cut));
                }
            })
        };
        Self { addr, up, generation, task }
    }

    /// The proxy's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Cuts every open connection and refuses new ones until [`TcpProxy::restore`].
    pub fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.generation.send_modify(|g| *g += 1);
    }

    /// Accepts connections again.
    pub fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

async fn pipe(mut client: TcpStream, target: SocketAddr, mut cut: watch::Receiver<u64>) {
    let Ok(mut server) = TcpStream::connect(target).await else { return };
    tokio::select! {
        _ = copy_bidirectional(&mut client, &mut server) => {}
        _ = cut.changed() => {}
    }
}

/// A proxy in front of the database at `url` (a `postgres://` URL with a numeric host or
/// `localhost`), and the same URL pointing at the proxy.
///
/// # Panics
/// If `url` is not such a URL.
pub async fn in_front_of(url: &str) -> (TcpProxy, String) {
    let mut u = url::Url::parse(url).expect("a database URL");
    let host = match u.host_str().unwrap_or("127.0.0.1") {
        "localhost" => "127.0.0.1".to_string(),
        other => other.to_string(),
    };
    let target: SocketAddr =
        format!("{host}:{}", u.port().unwrap_or(5432)).parse().expect("a numeric database address");
    let proxy = TcpProxy::start(target).await;
    u.set_host(Some(&proxy.addr().ip().to_string())).expect("a host");
    u.set_port(Some(proxy.addr().port())).expect("a port");
    (proxy, u.to_string())
}
