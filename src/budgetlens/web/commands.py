"""``budgetlens serve``: the web app and the REST API."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="监听地址（对外开放请使用 0.0.0.0 并配置 API 令牌）"),
        port: int = typer.Option(8000, "--port", "-p", help="端口"),
        db: str | None = typer.Option(None, "--db",
                                      help="资料库：SQLite 文件或数据库地址（默认 $BUDGETLENS_DB 或 budgetlens.db）"),
        workers: int | None = typer.Option(None, "--workers", help="检查文件的工作进程数（0 表示在服务进程内运行）"),
        max_upload_mb: int | None = typer.Option(None, "--max-upload-mb", help="单个文件大小上限（MB）"),
        max_files: int | None = typer.Option(None, "--max-files", help="一次上传的文件数上限"),
        timeout: float | None = typer.Option(None, "--timeout", help="单个文件的处理时限（秒）"),
        max_pending: int | None = typer.Option(None, "--max-pending",
                                               help="同时处理或排队的同步检查数上限（超过返回 503）"),
        upload_dir: Path | None = typer.Option(None, "--upload-dir", help="上传文件的临时目录"),
        log_level: str = typer.Option("info", "--log-level", help="日志级别"),
    ) -> None:
        """启动网页界面与 REST 接口（API 令牌由环境变量 BUDGETLENS_API_TOKEN 配置）。"""
        import uvicorn

        from budgetlens.web.app import create_app
        from budgetlens.web.settings import Settings

        settings = Settings.from_env()
        if db is not None:
            settings.database_url = db
        if workers is not None:
            settings.workers = workers
        if max_upload_mb is not None:
            settings.max_upload_bytes = max_upload_mb * 1024 * 1024
        if max_files is not None:
            settings.max_files = max_files
        if timeout is not None:
            settings.file_timeout = timeout
        if max_pending is not None:
            settings.max_pending = max_pending
        if upload_dir is not None:
            settings.upload_dir = upload_dir
        settings.validate()
        application = create_app(settings)
        typer.echo(f"budgetlens 网页界面：http://{host}:{port}/  接口文档：http://{host}:{port}/docs")
        uvicorn.run(application, host=host, port=port, log_level=log_level)
