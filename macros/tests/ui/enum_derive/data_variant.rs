use datamodel::DataModelEnum;

#[derive(DataModelEnum)]
enum Shape {
    Point,
    Circle { radius: f64 },
}

fn main() {}
