console.log("привет");
